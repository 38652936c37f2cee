package dev.kiln.tck.samples;

import dev.kiln.Tensor;

import java.util.List;

import static dev.kiln.tck.samples.SampleList.AWKWARD;
import static dev.kiln.tck.samples.SampleList.dims;

/** Samples of the reductions: sum, mean, prod, amax/amin and max/min (all elements and over dims). */
final class ReductionSamples {
    private ReductionSamples() {}

    static List<OpSample> build() {
        Draw d = new Draw(0x6B696C6E02L);
        SampleList s = new SampleList();
        for (String op : List.of("sum", "mean")) {
            boolean sum = op.equals("sum");
            for (int[] shape : AWKWARD) s.unary(op, op + "_all_" + dims(shape), sum ? Tensor::sum : Tensor::mean, d.uniform(shape));
            s.unary(op, op + "_dim1_7x13", x -> sum ? x.sum(1) : x.mean(1), d.uniform(7, 13));
            s.unary(op, op + "_dim0_keepdim_7x13", x -> sum ? x.sum(0, true) : x.mean(0, true), d.uniform(7, 13));
            s.unary(op, op + "_dim-1_3x4x5", x -> sum ? x.sum(-1, false) : x.mean(-1, false), d.uniform(3, 4, 5));
            s.unary(op, op + "_dims02_3x4x5", x -> sum ? x.sum(new int[] {0, 2}, false) : x.mean(new int[] {0, 2}, false),
                    d.uniform(3, 4, 5));
            s.unary(op, op + "_dims02_keepdim_3x4x5", x -> sum ? x.sum(new int[] {0, 2}, true) : x.mean(new int[] {0, 2}, true),
                    d.uniform(3, 4, 5));
            s.unary(op, op + "_all_keepdim_3x4", x -> sum ? x.sum(new int[] {0, 1}, true) : x.mean(new int[] {0, 1}, true),
                    d.uniform(3, 4));
            s.unary(op, op + "_dim0_2x257", x -> sum ? x.sum(0) : x.mean(0), d.uniform(2, 257));
            s.unary(op, op + "_dim1_7x13_noncontiguous", x -> sum ? x.sum(1) : x.mean(1), d.uniform(7, 13).viewedThrough(1, 0));
            s.unary(op, op + "_all_3x4x5_noncontiguous", sum ? Tensor::sum : Tensor::mean, d.uniform(3, 4, 5).viewedThrough(2, 0, 1));
            s.nary(op, op + "_of_product_with_itself_7", a -> sum ? a.get(0).mul(a.get(0)).sum() : a.get(0).mul(a.get(0)).mean(),
                    d.uniform(7));
        }

        // prod: values near 1 keep the product and its derivatives moderate
        for (int n : new int[] {1, 3, 7, 13, 31}) s.unary("prod", "prod_all_" + n, Tensor::prod, d.between(0.7, 1.3, n));
        s.unary("prod", "prod_all_scalar", Tensor::prod, d.between(0.7, 1.3));
        s.unary("prod", "prod_dim1_3x5", x -> x.prod(1, false), d.between(0.7, 1.3, 3, 5));
        s.unary("prod", "prod_dim0_keepdim_3x5", x -> x.prod(0, true), d.between(0.7, 1.3, 3, 5));
        s.unary("prod", "prod_dim1_3x5_noncontiguous", x -> x.prod(1, false), d.between(0.7, 1.3, 3, 5).viewedThrough(1, 0));
        // a zero factor: the derivative must not divide the product by the element
        s.unary("prod", "prod_all_one_zero_5", Tensor::prod, SampleInput.of(new int[] {5}, 0.9, 0.0, 1.2, -0.8, 1.1));
        s.unary("prod", "prod_dim1_one_zero_per_row_2x3", x -> x.prod(1, false),
                SampleInput.of(new int[] {2, 3}, 0.9, 0.0, 1.2, -0.8, 1.1, 0.0));

        for (String op : List.of("amax", "amin")) {
            boolean max = op.equals("amax");
            for (int[] shape : new int[][] {{1}, {7}, {31}, {257}}) {
                s.unary(op, op + "_all_" + dims(shape), x -> max ? x.amax(new int[0], false) : x.amin(new int[0], false),
                        d.distinct(shape));
            }
            s.unary(op, op + "_dim1_7x13", x -> max ? x.amax(new int[] {1}, false) : x.amin(new int[] {1}, false), d.distinct(7, 13));
            s.unary(op, op + "_dims02_keepdim_3x4x5", x -> max ? x.amax(new int[] {0, 2}, true) : x.amin(new int[] {0, 2}, true),
                    d.distinct(3, 4, 5));
            s.unary(op, op + "_dim0_7x3_noncontiguous", x -> max ? x.amax(new int[] {0}, false) : x.amin(new int[] {0}, false),
                    d.distinct(7, 3).viewedThrough(1, 0));
        }

        for (String op : List.of("max", "min")) {
            boolean max = op.equals("max");
            for (int[] shape : new int[][] {{}, {1}, {13}, {257}}) {
                s.unary(op, op + "_all_" + dims(shape), max ? Tensor::max : Tensor::min, d.distinct(shape));
            }
            s.unary(op, op + "_all_7x3_noncontiguous", max ? Tensor::max : Tensor::min, d.distinct(7, 3).viewedThrough(1, 0));
            s.unary(op, op + "_dim1_7x13", x -> (max ? x.max(1, false) : x.min(1, false)).values(), d.distinct(7, 13));
            s.unary(op, op + "_dim0_keepdim_3x4x5", x -> (max ? x.max(0, true) : x.min(0, true)).values(), d.distinct(3, 4, 5));
            s.unary(op, op + "_dim-1_5x3_noncontiguous", x -> (max ? x.max(-1, false) : x.min(-1, false)).values(),
                    d.distinct(5, 3).viewedThrough(1, 0));
        }
        return s.build();
    }
}
