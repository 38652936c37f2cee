package dev.kiln.optim;

import dev.kiln.Tensor;

/**
 * AdamW, as {@code torch.optim.AdamW}: Adam with decoupled weight decay, {@code p *= 1 - lr * weight_decay}
 * before the Adam update of the plain gradient (see {@link Adam}). Default weight decay 1e-2.
 */
public class AdamW extends BaseAdam<AdamW> {
    /** AdamW with PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2. */
    public AdamW(Iterable<? extends Tensor> params) { this(params, 1e-3); }

    /** AdamW with this learning rate and PyTorch's other defaults. */
    public AdamW(Iterable<? extends Tensor> params, double lr) { super(params, lr, 1e-2, true); }
}
