package dev.kiln.tck.fused;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.core.optim.AdamStep;
import dev.kiln.core.optim.SgdStep;
import dev.kiln.tck.fused.FusedCase.Named;

import java.util.List;

import static dev.kiln.tck.fused.FusedInputs.uniform;

/**
 * SGD and Adam updates through core's entry points ({@link SgdStep#step}, {@link AdamStep#step}), as the
 * optimizers run them: the backend's fused step kernel when fused kernels are on and it accepts, else the
 * composed form. A few consecutive steps with fresh gradients, so the state (momentum, moments) is checked too.
 */
final class OptimizerSteps {
    private OptimizerSteps() {}

    private static final int STEPS = 3;

    static List<Named> sgd(DType dt, int len, double lr, double momentum, double dampening, double wd, boolean nesterov) {
        Tensor p = uniform(1, dt, -1, 1, len);
        Tensor buf = momentum == 0 ? null : Tensor.zeros(dt, len);
        for (int step = 1; step <= STEPS; step++) {
            SgdStep.step(p, uniform(100 + step, dt, -1, 1, len), buf, lr, momentum, dampening, wd, nesterov, step == 1);
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
        for (int t = 1; t <= STEPS; t++) {
            AdamStep.step(p, uniform(200 + t, dt, -1, 1, len), m, v, vMax, t, lr, beta1, beta2, eps, wd, decoupled, amsgrad);
        }
        return amsgrad
                ? List.of(new Named("param", p.toDoubleArray()), new Named("exp_avg", m.toDoubleArray()),
                        new Named("exp_avg_sq", v.toDoubleArray()), new Named("max_exp_avg_sq", vMax.toDoubleArray()))
                : List.of(new Named("param", p.toDoubleArray()), new Named("exp_avg", m.toDoubleArray()),
                        new Named("exp_avg_sq", v.toDoubleArray()));
    }
}
