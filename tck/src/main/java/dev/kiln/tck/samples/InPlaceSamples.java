package dev.kiln.tck.samples;

import dev.kiln.Tensor;

import java.util.List;

/**
 * Samples of the in-place ops ({@code add_}, {@code exp_}, {@code copy_}, {@code scatter_}...). Each writes into
 * a clone of a leaf (an in-place write to a leaf that requires grad is refused, as in PyTorch), so autograd
 * rebases the clone's history onto the op's node and the gradient flows back through the clone.
 */
final class InPlaceSamples {
    private InPlaceSamples() {}

    static List<OpSample> build() {
        Draw d = new Draw(0x6B696C6E06L);
        SampleList s = new SampleList();
        s.binary("add_", "add__3x4_4", (x, y) -> x.clone().add_(y), d.uniform(3, 4), d.uniform(4));
        s.binary("add_", "add__alpha_13", (x, y) -> x.clone().add_(y, -0.5), d.uniform(13), d.uniform(13));
        s.unary("add_", "add__scalar_7", x -> x.clone().add_(1.5), d.uniform(7));
        s.binary("sub_", "sub__7x3_noncontiguous", (x, y) -> x.clone().sub_(y), d.uniform(7, 3).viewedThrough(1, 0), d.uniform(7, 3));
        s.unary("sub_", "sub__scalar_7", x -> x.clone().sub_(1.5), d.uniform(7));
        s.binary("mul_", "mul__3x4_3x1", (x, y) -> x.clone().mul_(y), d.uniform(3, 4), d.uniform(3, 1));
        s.unary("mul_", "mul__scalar_257", x -> x.clone().mul_(-2), d.uniform(257));
        s.binary("div_", "div__13", (x, y) -> x.clone().div_(y), d.uniform(13), d.positive(13));
        s.unary("div_", "div__scalar_7", x -> x.clone().div_(3), d.uniform(7));
        s.unary("pow_", "pow__3_13", x -> x.clone().pow_(3), d.uniform(13));
        s.unary("neg_", "neg__13", x -> x.clone().neg_(), d.uniform(13));
        s.unary("abs_", "abs__13", x -> x.clone().abs_(), d.awayFromZero(13));
        s.unary("exp_", "exp__13", x -> x.clone().exp_(), d.uniform(13));
        s.unary("log_", "log__13", x -> x.clone().log_(), d.positive(13));
        s.unary("sqrt_", "sqrt__13", x -> x.clone().sqrt_(), d.positive(13));
        s.unary("tanh_", "tanh__13", x -> x.clone().tanh_(), d.uniform(13));
        s.unary("sigmoid_", "sigmoid__13", x -> x.clone().sigmoid_(), d.uniform(13));
        s.unary("relu_", "relu__13", x -> x.clone().relu_(), d.awayFromZero(13));
        s.unary("clamp_", "clamp__13", x -> x.clone().clamp_(-0.5, 0.5), d.avoiding(new double[] {-0.5, 0.5}, 13));
        // after fill_ and zero_ the written tensor no longer depends on x: its gradient is zero
        s.binary("fill_", "fill__then_mul_7", (x, y) -> x.mul(2).fill_(1.5).mul(y), d.uniform(7), d.uniform(7));
        s.binary("zero_", "zero__then_add_7", (x, y) -> x.mul(2).zero_().add(y.mul(y)), d.uniform(7), d.uniform(7));
        s.binary("copy_", "copy__broadcast_3x4_4", (x, y) -> x.mul(1).copy_(y).mul(x), d.uniform(3, 4), d.uniform(4));
        s.nary("scatter_", "scatter__src_dim1_3x5", a -> a.get(0).clone().scatter_(1, a.get(1), a.get(2)),
                d.uniform(3, 5), SampleInput.indices(new int[] {3, 2}, 0, 4, 2, 1, 3, 0), d.uniform(3, 2));
        s.nary("scatter_", "scatter__value_dim0_4x3", a -> a.get(0).clone().scatter_(0, a.get(1), 0.25),
                d.uniform(4, 3), SampleInput.indices(new int[] {1, 3}, 2, 0, 3));
        s.nary("scatter_add_", "scatterAdd__dim0_3x5", a -> a.get(0).clone().scatterAdd_(0, a.get(1), a.get(2)),
                d.uniform(3, 5), d.indices(3, 4, 5), d.uniform(4, 5));
        return s.build();
    }
}
