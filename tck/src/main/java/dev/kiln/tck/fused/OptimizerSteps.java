package dev.kiln.tck.fused;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.core.ops.FusedKernels;
import dev.kiln.core.tensor.TensorImpl;
import dev.kiln.spi.View;
import dev.kiln.spi.fused.AdamStepKernel;
import dev.kiln.spi.fused.SgdStepKernel;
import dev.kiln.tck.fused.FusedCase.Named;

import java.util.List;

import static dev.kiln.tck.fused.FusedInputs.uniform;

/**
 * SGD and Adam updates the way core's optimizers run them: the backend's fused step kernel when fused
 * kernels are on and it accepts, else {@code torch.optim}'s single-tensor update composed from in-place
 * tensor ops. A few consecutive steps with fresh gradients, so the state (momentum, moments) is checked too.
 */
final class OptimizerSteps {
    private OptimizerSteps() {}

    private static final int STEPS = 3;

    private static View view(Tensor t) {
        return t == null ? null : TensorImpl.of(t).spiView();
    }

    static List<Named> sgd(DType dt, int len, double lr, double momentum, double dampening, double wd, boolean nesterov) {
        Tensor p = uniform(1, dt, -1, 1, len);
        Tensor buf = momentum == 0 ? null : Tensor.zeros(dt, len);
        SgdStepKernel k = FusedKernels.get(TensorImpl.of(p).backend(), SgdStepKernel.class);
        for (int step = 1; step <= STEPS; step++) {
            Tensor g = uniform(100 + step, dt, -1, 1, len);
            boolean first = step == 1;
            if (k != null && FusedKernels.note(SgdStepKernel.class,
                    k.step(view(p), view(g), view(buf), lr, momentum, dampening, wd, nesterov, first))) {
                continue;
            }
            Tensor d = wd != 0 ? g.add(p, wd) : g;
            if (momentum != 0) {
                if (first) buf.copy_(d);
                else buf.mul_(momentum).add_(d, 1 - dampening);
                d = nesterov ? d.add(buf, momentum) : buf;
            }
            p.add_(d, -lr);
        }
        return buf == null ? List.of(new Named("param", p.toDoubleArray()))
                : List.of(new Named("param", p.toDoubleArray()), new Named("momentum_buffer", buf.toDoubleArray()));
    }

    static List<Named> adam(DType dt, int len, double lr, double beta1, double beta2, double eps, double wd,
                            boolean decoupled, boolean amsgrad) {
        Tensor p = uniform(2, dt, -1, 1, len);
        Tensor m = Tensor.zeros(dt, len);
        Tensor v = Tensor.zeros(dt, len);
        Tensor vMax = amsgrad ? Tensor.zeros(dt, len) : null;
        AdamStepKernel k = FusedKernels.get(TensorImpl.of(p).backend(), AdamStepKernel.class);
        for (int t = 1; t <= STEPS; t++) {
            Tensor g = uniform(200 + t, dt, -1, 1, len);
            if (k != null && FusedKernels.note(AdamStepKernel.class, k.step(view(p), view(g), view(m), view(v), view(vMax),
                    t, lr, beta1, beta2, eps, wd, decoupled, amsgrad))) {
                continue;
            }
            if (decoupled) {
                if (wd != 0) p.mul_(1 - lr * wd);
            } else if (wd != 0) {
                g = g.add(p, wd);
            }
            m.mul_(beta1).add_(g, 1 - beta1);
            v.mul_(beta2).add_(g.mul(1 - beta2).mul(g));
            Tensor second = v;
            if (amsgrad) {
                vMax.copy_(vMax.maximum(v));
                second = vMax;
            }
            Tensor denom = second.sqrt().div_(Math.sqrt(1 - Math.pow(beta2, t))).add_(eps);
            p.add_(m.mul(-lr / (1 - Math.pow(beta1, t))).div_(denom));
        }
        return amsgrad
                ? List.of(new Named("param", p.toDoubleArray()), new Named("exp_avg", m.toDoubleArray()),
                        new Named("exp_avg_sq", v.toDoubleArray()), new Named("max_exp_avg_sq", vMax.toDoubleArray()))
                : List.of(new Named("param", p.toDoubleArray()), new Named("exp_avg", m.toDoubleArray()),
                        new Named("exp_avg_sq", v.toDoubleArray()));
    }
}
