package dev.kiln.tck.samples;

import dev.kiln.Tensor;
import dev.kiln.nn.F;

import java.util.List;

/** Samples of the functional nn ops: softmax, log_softmax, conv2d, max_pool2d and the losses. */
final class NnSamples {
    private NnSamples() {}

    static List<OpSample> build() {
        Draw d = new Draw(0x6B696C6E05L);
        SampleList s = new SampleList();
        for (String op : List.of("softmax", "log_softmax")) {
            boolean soft = op.equals("softmax");
            s.unary(op, op + "_dim1_3x7", x -> soft ? F.softmax(x, 1) : F.logSoftmax(x, 1), d.uniform(3, 7));
            s.unary(op, op + "_dim0_13x3", x -> soft ? F.softmax(x, 0) : F.logSoftmax(x, 0), d.uniform(13, 3));
            s.unary(op, op + "_dim-1_257", x -> soft ? x.softmax(-1) : x.logSoftmax(-1), d.uniform(257));
            s.unary(op, op + "_dim1_2x3x4", x -> soft ? x.softmax(1) : x.logSoftmax(1), d.uniform(2, 3, 4));
            s.unary(op, op + "_dim1_1x1", x -> soft ? x.softmax(1) : x.logSoftmax(1), d.uniform(1, 1));
            s.unary(op, op + "_dim1_noncontiguous_3x5", x -> soft ? x.softmax(1) : x.logSoftmax(1), d.uniform(3, 5).viewedThrough(1, 0));
            s.unary(op, op + "_large_logits_2x5", x -> soft ? x.softmax(1) : x.logSoftmax(1), d.between(50, 60, 2, 5));
        }

        s.nary("conv2d", "conv2d_bias_2x3x7x7_4x3x3x3", a -> F.conv2d(a.get(0), a.get(1), a.get(2)),
                d.uniform(2, 3, 7, 7), d.uniform(4, 3, 3, 3), d.uniform(4));
        s.nary("conv2d", "conv2d_nobias_stride2_padding1_1x2x7x7_3x2x3x3", a -> F.conv2d(a.get(0), a.get(1), null, 2, 1),
                d.uniform(1, 2, 7, 7), d.uniform(3, 2, 3, 3));
        s.nary("conv2d", "conv2d_bias_stride3_padding2_1x1x13x13_2x1x5x5", a -> F.conv2d(a.get(0), a.get(1), a.get(2), 3, 2),
                d.uniform(1, 1, 13, 13), d.uniform(2, 1, 5, 5), d.uniform(2));
        s.nary("conv2d", "conv2d_1x1_kernel_1x3x5x5_2x3x1x1", a -> F.conv2d(a.get(0), a.get(1), a.get(2)),
                d.uniform(1, 3, 5, 5), d.uniform(2, 3, 1, 1), d.uniform(2));
        s.nary("conv2d", "conv2d_noncontiguous_input_2x2x5x5_3x2x2x2", a -> F.conv2d(a.get(0), a.get(1), a.get(2), 1, 1),
                d.uniform(2, 2, 5, 5).viewedThrough(0, 3, 1, 2), d.uniform(3, 2, 2, 2), d.uniform(3));
        s.nary("conv2d", "conv2d_constant_input_1x2x4x4_2x2x3x3", a -> F.conv2d(a.get(0), a.get(1), a.get(2)),
                d.uniform(1, 2, 4, 4).constant(), d.uniform(2, 2, 3, 3), d.uniform(2));

        s.unary("max_pool2d", "max_pool2d_k2_2x3x8x8", x -> F.maxPool2d(x, 2), d.distinct(2, 3, 8, 8));
        s.unary("max_pool2d", "max_pool2d_k3_s2_p1_1x2x7x7", x -> F.maxPool2d(x, 3, 2, 1), d.distinct(1, 2, 7, 7));
        s.unary("max_pool2d", "max_pool2d_k2_s1_overlapping_1x1x5x5", x -> F.maxPool2d(x, 2, 1, 0), d.distinct(1, 1, 5, 5));
        s.unary("max_pool2d", "max_pool2d_k3_s3_1x1x13x13", x -> F.maxPool2d(x, 3, 3, 0), d.distinct(1, 1, 13, 13));
        s.unary("max_pool2d", "max_pool2d_k2_noncontiguous_1x2x6x6", x -> F.maxPool2d(x, 2),
                d.distinct(1, 2, 6, 6).viewedThrough(0, 2, 3, 1));
        s.unary("max_pool2d", "max_pool2d_with_indices_values_1x1x4x6", x -> F.maxPool2dWithIndices(x, 2, 2, 0).values(),
                d.distinct(1, 1, 4, 6));

        for (F.Reduction r : F.Reduction.values()) {
            String red = r.name().toLowerCase(java.util.Locale.ROOT);
            s.binary("mse_loss", "mse_loss_" + red + "_3x7", (x, t) -> F.mseLoss(x, t, r), d.uniform(3, 7), d.uniform(3, 7));
            s.binary("nll_loss", "nll_loss_" + red + "_5x3", (x, t) -> F.nllLoss(x, t, r), d.uniform(5, 3), d.indices(3, 5));
            s.binary("cross_entropy", "cross_entropy_" + red + "_5x3", (x, t) -> F.crossEntropy(x, t, r), d.uniform(5, 3), d.indices(3, 5));
        }
        s.binary("mse_loss", "mse_loss_default_257", F::mseLoss, d.uniform(257), d.uniform(257));
        s.binary("mse_loss", "mse_loss_constant_target_noncontiguous_3x4", F::mseLoss, d.uniform(3, 4).viewedThrough(1, 0),
                d.uniform(3, 4).constant());
        s.nary("mse_loss", "mse_loss_same_input_twice_5", a -> F.mseLoss(a.get(0), a.get(0).mul(a.get(0))), d.uniform(5));
        s.binary("nll_loss", "nll_loss_default_1x13", F::nllLoss, d.uniform(1, 13), d.indices(13, 1));
        s.binary("nll_loss", "nll_loss_noncontiguous_4x7", F::nllLoss, d.uniform(4, 7).viewedThrough(1, 0), d.indices(7, 4));
        s.binary("cross_entropy", "cross_entropy_default_7x13", F::crossEntropy, d.uniform(7, 13), d.indices(13, 7));
        s.binary("cross_entropy", "cross_entropy_noncontiguous_4x5", F::crossEntropy, d.uniform(4, 5).viewedThrough(1, 0),
                d.indices(5, 4));
        s.binary("cross_entropy", "cross_entropy_large_logits_3x4", F::crossEntropy, d.between(40, 50, 3, 4), d.indices(4, 3));
        return s.build();
    }
}
