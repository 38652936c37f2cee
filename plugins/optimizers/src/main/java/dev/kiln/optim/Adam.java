package dev.kiln.optim;

import dev.kiln.Tensor;

/**
 * Adam, as {@code torch.optim.Adam} (weight decay as an L2 penalty added to the gradient):
 * <pre>
 * g = grad + weight_decay * p
 * m = beta1 * m + (1 - beta1) * g;   v = beta2 * v + (1 - beta2) * g * g
 * v' = amsgrad ? (vmax = max(vmax, v)) : v
 * p -= lr / (1 - beta1^t) * m / (sqrt(v') / sqrt(1 - beta2^t) + eps)
 * </pre>
 * {@code new Adam(net.parameters(), 1e-3).betas(0.9, 0.999).amsgrad(true)}. The update runs through
 * {@link Updates#adam}, so a backend's fused Adam kernel is used when it offers one.
 */
public class Adam extends BaseAdam<Adam> {
    /** Adam with PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public Adam(Iterable<? extends Tensor> params) { this(params, 1e-3); }

    /** Adam with this learning rate and PyTorch's other defaults. */
    public Adam(Iterable<? extends Tensor> params, double lr) { super(params, lr, 0.0, false); }
}
