package dev.kiln.nn;

import dev.kiln.Tensor;
import dev.kiln.spi.Engine;

/**
 * Functional neural-network ops, as {@code torch.nn.functional} (imported as {@code F} in
 * PyTorch code). Every op is composed in core from the backend's primitive kernels, or runs a fused
 * kernel where the backend offers one.
 */
public final class F {
    private F() {}

    /** How a loss reduces over the batch. */
    public enum Reduction { NONE, MEAN, SUM }

    /** {@code input @ weight^T + bias}; bias may be null. */
    public static Tensor linear(Tensor input, Tensor weight, Tensor bias) { return Engine.get().linear(input, weight, bias); }

    /** 2-D convolution of {@code [N, C, H, W]} with {@code [O, C, kH, kW]}; bias may be null. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding) {
        return Engine.get().conv2d(input, weight, bias, new int[] {stride, stride}, new int[] {padding, padding});
    }

    /** 2-D convolution with stride 1 and no padding. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias) { return conv2d(input, weight, bias, 1, 0); }

    /** 2-D max pooling; {@code stride} 0 means {@code kernelSize}. */
    public static Tensor maxPool2d(Tensor input, int kernelSize, int stride, int padding) {
        return Engine.get().maxPool2d(input, kernelSize, stride == 0 ? kernelSize : stride, padding).values();
    }

    /** 2-D max pooling with stride = kernel size. */
    public static Tensor maxPool2d(Tensor input, int kernelSize) { return maxPool2d(input, kernelSize, 0, 0); }

    /** 2-D max pooling returning values and the flat {@code H*W} indices of the maxima. */
    public static Tensor.ValuesIndices maxPool2dWithIndices(Tensor input, int kernelSize, int stride, int padding) {
        return Engine.get().maxPool2d(input, kernelSize, stride == 0 ? kernelSize : stride, padding);
    }

    public static Tensor relu(Tensor x) { return x.relu(); }
    public static Tensor sigmoid(Tensor x) { return x.sigmoid(); }
    public static Tensor tanh(Tensor x) { return x.tanh(); }
    public static Tensor softmax(Tensor x, int dim) { return x.softmax(dim); }
    public static Tensor logSoftmax(Tensor x, int dim) { return x.logSoftmax(dim); }

    /** Mean squared error. */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        return Engine.get().mseLoss(input, target, reduction);
    }

    public static Tensor mseLoss(Tensor input, Tensor target) { return mseLoss(input, target, Reduction.MEAN); }

    /** Negative log likelihood of log-probabilities {@code [N, C]} at int64 targets {@code [N]}. */
    public static Tensor nllLoss(Tensor input, Tensor target, Reduction reduction) {
        return Engine.get().nllLoss(input, target, reduction);
    }

    public static Tensor nllLoss(Tensor input, Tensor target) { return nllLoss(input, target, Reduction.MEAN); }

    /** {@code nll_loss(log_softmax(input, 1), target)}. */
    public static Tensor crossEntropy(Tensor input, Tensor target, Reduction reduction) {
        return Engine.get().crossEntropy(input, target, reduction);
    }

    public static Tensor crossEntropy(Tensor input, Tensor target) { return crossEntropy(input, target, Reduction.MEAN); }

    /** One-hot encoding ({@code F.one_hot}). */
    public static Tensor oneHot(Tensor labels, int numClasses) { return Tensor.oneHot(labels, numClasses); }
}
