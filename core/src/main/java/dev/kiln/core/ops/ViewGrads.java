package dev.kiln.core.ops;

import dev.kiln.Tensor;
import dev.kiln.core.autograd.Autograd;
import dev.kiln.core.autograd.GradMode;
import dev.kiln.core.tensor.Dispatch;
import dev.kiln.core.tensor.TensorImpl;

import java.util.function.UnaryOperator;

/**
 * The backward of the indexing views (slice, narrow, select): the gradient of the view placed into zeros
 * of the input's shape through the same view geometry. It is itself a differentiable op (PyTorch's
 * {@code SliceBackwardBackward0} / {@code SelectBackwardBackward0}) whose backward is the view again, so
 * double backward works through indexing.
 */
final class ViewGrads {
    private ViewGrads() {}

    /**
     * @param name       the node name recorded for the embedding (seen only with {@code createGraph})
     * @param grad       the gradient of the view's output
     * @param inputShape the shape of the tensor the view was taken of
     * @param view       the view, applied to a tensor of {@code inputShape}; it must capture only ints
     * @return a tensor of {@code inputShape}: {@code grad} where the view looks, zeros elsewhere
     */
    static Tensor embed(String name, Tensor grad, int[] inputShape, UnaryOperator<Tensor> view) {
        TensorImpl g = TensorImpl.of(grad);
        TensorImpl out = Elementwise.zeros(g, inputShape);
        try (var off = GradMode.disable()) {
            TensorImpl window = TensorImpl.of(view.apply(out));
            if (window.numel() > 0) Dispatch.copy(name, g.backend(), g.spiView(), window.spiView());
        }
        return Autograd.record(name, out, Autograd.inputs(grad), (gg, s) -> Autograd.grads(view.apply(gg)));
    }
}
