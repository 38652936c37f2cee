package dev.kiln.examples.bench;

import dev.kiln.Kiln;
import dev.kiln.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code torch.optim.SGD} (PyTorch 1.13 defaults: {@code zero_grad} zeroes the gradients in place; momentum
 * without dampening or Nesterov), written with tensor ops under {@code Kiln.noGrad()} until the optimizer pack
 * is on the class path of this module.
 */
final class Sgd {
    private final List<Tensor> params;
    private final double lr;
    private final double momentum;
    private final List<Tensor> buffers = new ArrayList<>();

    Sgd(List<Tensor> params, double lr, double momentum) {
        this.params = params;
        this.lr = lr;
        this.momentum = momentum;
    }

    /** Zeroes every gradient in place (PyTorch 1.13's {@code zero_grad()}). */
    void zeroGrad() {
        try (var off = Kiln.noGrad()) {
            for (Tensor p : params) {
                Tensor g = p.grad();
                if (g != null) g.zero_();
            }
        }
    }

    /** {@code p -= lr * d}, where d is the gradient, or with momentum {@code buf = momentum * buf + grad}. */
    void step() {
        try (var off = Kiln.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                Tensor g = p.grad();
                if (g == null) continue;
                Tensor d = g;
                if (momentum != 0) {
                    while (buffers.size() <= i) buffers.add(null);
                    Tensor buf = buffers.get(i);
                    if (buf == null) {
                        buf = g.clone();
                        buffers.set(i, buf);
                    } else {
                        buf.mul_(momentum).add_(g);
                    }
                    d = buf;
                }
                p.sub_(d.mul(lr));
            }
        }
    }
}
