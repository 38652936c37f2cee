package dev.kiln.tck.samples;

import dev.kiln.Tensor;
import dev.kiln.nn.F;

import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static dev.kiln.tck.samples.SampleList.AWKWARD;
import static dev.kiln.tck.samples.SampleList.dims;

/** Samples of the elementwise ops: unary, binary (tensor and scalar), pow, clamp and where. */
final class ElementwiseSamples {
    private ElementwiseSamples() {}

    /** How a unary op's inputs are drawn, away from its non-differentiable points and outside its domain. */
    private enum Domain { ANY, AWAY_FROM_ZERO, POSITIVE }

    static List<OpSample> build() {
        Draw d = new Draw(0x6B696C6E01L);
        SampleList s = new SampleList();
        unary(s, d, "neg", Tensor::neg, Domain.ANY);
        unary(s, d, "abs", Tensor::abs, Domain.AWAY_FROM_ZERO);
        unary(s, d, "sign", Tensor::sign, Domain.AWAY_FROM_ZERO);
        unary(s, d, "exp", Tensor::exp, Domain.ANY);
        unary(s, d, "log", Tensor::log, Domain.POSITIVE);
        unary(s, d, "sqrt", Tensor::sqrt, Domain.POSITIVE);
        unary(s, d, "tanh", Tensor::tanh, Domain.ANY);
        unary(s, d, "sigmoid", Tensor::sigmoid, Domain.ANY);
        unary(s, d, "relu", Tensor::relu, Domain.AWAY_FROM_ZERO);
        unary(s, d, "sin", Tensor::sin, Domain.ANY);
        unary(s, d, "cos", Tensor::cos, Domain.ANY);
        unary(s, d, "reciprocal", Tensor::reciprocal, Domain.POSITIVE);
        s.unary("reciprocal", "reciprocal_negative_7", Tensor::reciprocal, d.between(-2, -0.5, 7));
        s.unary("relu", "F.relu_3x4", F::relu, d.awayFromZero(3, 4));
        s.unary("sigmoid", "F.sigmoid_3x4", F::sigmoid, d.uniform(3, 4));
        s.unary("tanh", "F.tanh_3x4", F::tanh, d.uniform(3, 4));

        double[] bounds = {-0.5, 0.5};
        for (int[] shape : AWKWARD) {
            s.unary("clamp", "clamp_" + dims(shape), x -> x.clamp(-0.5, 0.5), d.avoiding(bounds, shape));
        }
        s.unary("clamp", "clamp_7x3_noncontiguous", x -> x.clamp(-0.5, 0.5), d.avoiding(bounds, 7, 3).viewedThrough(1, 0));
        s.unary("clamp_min", "clampMin_13", x -> x.clampMin(0.2), d.avoiding(new double[] {0.2}, 13));
        s.unary("clamp_min", "clampMin_3x7_noncontiguous", x -> x.clampMin(-0.3),
                d.avoiding(new double[] {-0.3}, 3, 7).viewedThrough(1, 0));
        s.unary("clamp_max", "clampMax_13", x -> x.clampMax(-0.1), d.avoiding(new double[] {-0.1}, 13));
        s.unary("clamp_max", "clampMax_257", x -> x.clampMax(0.4), d.avoiding(new double[] {0.4}, 257));

        powScalar(s, d);
        binaries(s, d);
        scalars(s, d);
        where(s, d);
        return s.build();
    }

    /** The op at every awkward length, at 0-d, and on a non-contiguous 7x13 view. */
    private static void unary(SampleList s, Draw d, String op, UnaryOperator<Tensor> f, Domain domain) {
        for (int[] shape : AWKWARD) s.unary(op, op + "_" + dims(shape), f, draw(d, domain, shape));
        s.unary(op, op + "_7x13_noncontiguous", f, draw(d, domain, 7, 13).viewedThrough(1, 0));
    }

    private static SampleInput draw(Draw d, Domain domain, int... shape) {
        return switch (domain) {
            case ANY -> d.uniform(shape);
            case AWAY_FROM_ZERO -> d.awayFromZero(shape);
            case POSITIVE -> d.positive(shape);
        };
    }

    private static void powScalar(SampleList s, Draw d) {
        // integer exponents are defined for any base (kept away from 0 for x^-1); others on positive bases only
        for (double e : new double[] {2, 3, -1, 0, 1}) {
            s.unary("pow", "pow_scalar_" + tag(e) + "_13", x -> x.pow(e), d.awayFromZero(13));
        }
        for (double e : new double[] {0.5, -1.5, 2.5}) {
            s.unary("pow", "pow_scalar_" + tag(e) + "_13", x -> x.pow(e), d.positive(13));
        }
        s.unary("pow", "pow_scalar_2_257", x -> x.pow(2), d.uniform(257));
        s.unary("pow", "pow_scalar_3_scalar", x -> x.pow(3), d.uniform());
        s.unary("pow", "pow_scalar_0.5_7x3_noncontiguous", x -> x.pow(0.5), d.positive(7, 3).viewedThrough(1, 0));
    }

    private static String tag(double e) {
        return e == Math.rint(e) ? Long.toString((long) e) : Double.toString(e);
    }

    /** Tensor-tensor ops: equal shapes at awkward lengths, broadcasting, 0-d operands, non-contiguous, one input twice. */
    private static void binaries(SampleList s, Draw d) {
        binary(s, d, "add", Tensor::add, false);
        binary(s, d, "sub", Tensor::sub, false);
        binary(s, d, "mul", Tensor::mul, false);
        binary(s, d, "div", Tensor::div, true);
        binary(s, d, "pow", Tensor::pow, true);
        s.binary("add", "add_alpha_3x4_4", (a, b) -> a.add(b, 2.5), d.uniform(3, 4), d.uniform(4));

        for (String op : List.of("maximum", "minimum")) {
            BinaryOperator<Tensor> f = op.equals("maximum") ? Tensor::maximum : Tensor::minimum;
            for (int n : new int[] {1, 13, 257}) {
                SampleInput x = d.uniform(n);
                s.binary(op, op + "_" + n, f, x, d.apartFrom(x));
            }
            s.binary(op, op + "_broadcast_3x1_1x4", f, d.onGrid(0, 3, 1), d.onGrid(0.1, 1, 4));
            s.binary(op, op + "_broadcast_scalar_7", f, d.onGrid(0), d.onGrid(0.1, 7));
            s.binary(op, op + "_3x5_noncontiguous", f, d.onGrid(0, 3, 5).viewedThrough(1, 0), d.onGrid(0.1, 3, 5));
            // maximum(x, x): every element ties; the two inputs' gradients must still add up to d x / d x = 1
            s.nary(op, op + "_same_input_twice_7", a -> f.apply(a.get(0), a.get(0)), d.uniform(7));
        }
    }

    /**
     * @param positiveSecond draw the second operand positive (division by it, or pow with it as exponent needs
     *                       a positive base: then the first operand is positive)
     */
    private static void binary(SampleList s, Draw d, String op, BinaryOperator<Tensor> f, boolean positiveSecond) {
        boolean positiveFirst = op.equals("pow");
        Function<int[], SampleInput> first = shape -> positiveFirst ? d.positive(shape) : d.uniform(shape);
        Function<int[], SampleInput> second = shape -> positiveSecond && !positiveFirst ? d.positive(shape) : d.uniform(shape);
        for (int n : new int[] {1, 3, 13, 257}) {
            s.binary(op, op + "_" + n, f, first.apply(new int[] {n}), second.apply(new int[] {n}));
        }
        s.binary(op, op + "_broadcast_3x1_1x4", f, first.apply(new int[] {3, 1}), second.apply(new int[] {1, 4}));
        s.binary(op, op + "_broadcast_2x3x4_4", f, first.apply(new int[] {2, 3, 4}), second.apply(new int[] {4}));
        s.binary(op, op + "_broadcast_3_2x3", f, first.apply(new int[] {3}), second.apply(new int[] {2, 3}));
        s.binary(op, op + "_scalar_7", f, first.apply(new int[] {}), second.apply(new int[] {7}));
        s.binary(op, op + "_7_scalar", f, first.apply(new int[] {7}), second.apply(new int[] {}));
        s.binary(op, op + "_7x3_noncontiguous", f, first.apply(new int[] {7, 3}).viewedThrough(1, 0),
                second.apply(new int[] {7, 3}).viewedThrough(1, 0));
        s.binary(op, op + "_3x5_one_noncontiguous", f, first.apply(new int[] {3, 5}), second.apply(new int[] {3, 5}).viewedThrough(1, 0));
        s.binary(op, op + "_second_constant_5", f, first.apply(new int[] {5}), second.apply(new int[] {5}).constant());
        SampleInput twice = positiveFirst || positiveSecond ? d.positive(7) : d.uniform(7);
        s.nary(op, op + "_same_input_twice_7", a -> f.apply(a.get(0), a.get(0)), twice);
    }

    /** Tensor-scalar forms. */
    private static void scalars(SampleList s, Draw d) {
        s.unary("add", "add_scalar_13", x -> x.add(0.75), d.uniform(13));
        s.unary("add", "add_scalar_257", x -> x.add(-1.25), d.uniform(257));
        s.unary("sub", "sub_scalar_13", x -> x.sub(0.75), d.uniform(13));
        s.unary("sub", "sub_scalar_3x4_noncontiguous", x -> x.sub(2), d.uniform(3, 4).viewedThrough(1, 0));
        s.unary("mul", "mul_scalar_13", x -> x.mul(-1.5), d.uniform(13));
        s.unary("mul", "mul_scalar_257", x -> x.mul(3), d.uniform(257));
        s.unary("div", "div_scalar_13", x -> x.div(-1.5), d.uniform(13));
        s.unary("div", "div_scalar_scalar", x -> x.div(4), d.uniform());
    }

    private static void where(SampleList s, Draw d) {
        Function<List<Tensor>, Tensor> w = a -> Tensor.where(a.get(0).gt(0), a.get(1), a.get(2));
        s.nary("where", "where_13", w, d.awayFromZero(13).constant(), d.uniform(13), d.uniform(13));
        s.nary("where", "where_broadcast_3x1_1x4_4", w, d.awayFromZero(3, 1).constant(), d.uniform(1, 4), d.uniform(4));
        s.nary("where", "where_scalar_other_7", w, d.awayFromZero(7).constant(), d.uniform(7), d.uniform());
        s.nary("where", "where_3x5_noncontiguous", w, d.awayFromZero(3, 5).constant().viewedThrough(1, 0),
                d.uniform(3, 5).viewedThrough(1, 0), d.uniform(3, 5));
        s.nary("where", "where_same_input_twice_7", a -> Tensor.where(a.get(0).gt(0), a.get(1), a.get(1).mul(a.get(1))),
                d.awayFromZero(7).constant(), d.uniform(7));
    }
}
