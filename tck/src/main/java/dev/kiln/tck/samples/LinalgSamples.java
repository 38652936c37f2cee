package dev.kiln.tck.samples;

import dev.kiln.Tensor;
import dev.kiln.nn.F;

import java.util.List;

/** Samples of the linear algebra ops: matmul in all its forms, mm, bmm, dot and linear. */
final class LinalgSamples {
    private LinalgSamples() {}

    static List<OpSample> build() {
        Draw d = new Draw(0x6B696C6E03L);
        SampleList s = new SampleList();
        s.binary("matmul", "matmul_1d_1d_7", Tensor::matmul, d.uniform(7), d.uniform(7));
        s.binary("matmul", "matmul_1d_2d_3_3x5", Tensor::matmul, d.uniform(3), d.uniform(3, 5));
        s.binary("matmul", "matmul_2d_1d_5x3_3", Tensor::matmul, d.uniform(5, 3), d.uniform(3));
        s.binary("matmul", "matmul_2d_2d_3x7_7x13", Tensor::matmul, d.uniform(3, 7), d.uniform(7, 13));
        s.binary("matmul", "matmul_2d_2d_1x1_1x1", Tensor::matmul, d.uniform(1, 1), d.uniform(1, 1));
        s.binary("matmul", "matmul_batched_2x3x4_2x4x5", Tensor::matmul, d.uniform(2, 3, 4), d.uniform(2, 4, 5));
        s.binary("matmul", "matmul_broadcast_2x3x4_4x5", Tensor::matmul, d.uniform(2, 3, 4), d.uniform(4, 5));
        s.binary("matmul", "matmul_broadcast_3x4_2x4x5", Tensor::matmul, d.uniform(3, 4), d.uniform(2, 4, 5));
        s.binary("matmul", "matmul_broadcast_2x1x3x4_3x4x2", Tensor::matmul, d.uniform(2, 1, 3, 4), d.uniform(3, 4, 2));
        s.binary("matmul", "matmul_1d_3d_4_2x4x3", Tensor::matmul, d.uniform(4), d.uniform(2, 4, 3));
        s.binary("matmul", "matmul_3d_1d_2x3x4_4", Tensor::matmul, d.uniform(2, 3, 4), d.uniform(4));
        s.binary("matmul", "matmul_2d_2d_noncontiguous_3x7_7x5", Tensor::matmul,
                d.uniform(3, 7).viewedThrough(1, 0), d.uniform(7, 5).viewedThrough(1, 0));
        s.binary("matmul", "matmul_batched_noncontiguous_2x3x4_2x4x5", Tensor::matmul,
                d.uniform(2, 3, 4).viewedThrough(1, 2, 0), d.uniform(2, 4, 5));
        s.nary("matmul", "matmul_same_input_twice_4x4", a -> a.get(0).matmul(a.get(0)), d.uniform(4, 4));
        s.binary("matmul", "matmul_second_constant_3x4_4x2", Tensor::matmul, d.uniform(3, 4), d.uniform(4, 2).constant());

        s.binary("mm", "mm_3x7_7x13", Tensor::mm, d.uniform(3, 7), d.uniform(7, 13));
        s.binary("mm", "mm_1x31_31x1", Tensor::mm, d.uniform(1, 31), d.uniform(31, 1));
        s.binary("mm", "mm_noncontiguous_4x3_3x5", Tensor::mm, d.uniform(4, 3).viewedThrough(1, 0), d.uniform(3, 5));
        s.nary("mm", "mm_with_own_transpose_3x4", a -> a.get(0).mm(a.get(0).t()), d.uniform(3, 4));

        s.binary("bmm", "bmm_2x3x4_2x4x5", Tensor::bmm, d.uniform(2, 3, 4), d.uniform(2, 4, 5));
        s.binary("bmm", "bmm_1x1x7_1x7x1", Tensor::bmm, d.uniform(1, 1, 7), d.uniform(1, 7, 1));
        s.binary("bmm", "bmm_noncontiguous_3x2x4_3x4x2", Tensor::bmm, d.uniform(3, 2, 4).viewedThrough(0, 2, 1),
                d.uniform(3, 4, 2).viewedThrough(1, 0, 2));

        for (int n : new int[] {1, 3, 13, 257}) s.binary("dot", "dot_" + n, Tensor::dot, d.uniform(n), d.uniform(n));
        s.nary("dot", "dot_same_input_twice_7", a -> a.get(0).dot(a.get(0)), d.uniform(7));
        s.nary("dot", "dot_strided_13", a -> a.get(0).slice(0, 0, 26, 2).dot(a.get(1)), d.uniform(26), d.uniform(13));

        s.nary("linear", "linear_bias_4x3_5x3_5", a -> F.linear(a.get(0), a.get(1), a.get(2)),
                d.uniform(4, 3), d.uniform(5, 3), d.uniform(5));
        s.nary("linear", "linear_nobias_4x3_5x3", a -> F.linear(a.get(0), a.get(1), null), d.uniform(4, 3), d.uniform(5, 3));
        s.nary("linear", "linear_bias_1d_input_7_3x7_3", a -> F.linear(a.get(0), a.get(1), a.get(2)),
                d.uniform(7), d.uniform(3, 7), d.uniform(3));
        s.nary("linear", "linear_bias_3d_input_2x3x4_5x4_5", a -> F.linear(a.get(0), a.get(1), a.get(2)),
                d.uniform(2, 3, 4), d.uniform(5, 4), d.uniform(5));
        s.nary("linear", "linear_bias_noncontiguous_13x7_3x7_3", a -> F.linear(a.get(0), a.get(1), a.get(2)),
                d.uniform(13, 7).viewedThrough(1, 0), d.uniform(3, 7).viewedThrough(1, 0), d.uniform(3));
        s.nary("linear", "linear_constant_weight_4x3_2x3_2", a -> F.linear(a.get(0), a.get(1), a.get(2)),
                d.uniform(4, 3), d.uniform(2, 3).constant(), d.uniform(2));
        return s.build();
    }
}
