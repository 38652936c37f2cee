package dev.kiln.optim;

import dev.kiln.Kiln;
import dev.kiln.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static dev.kiln.optim.OptimizerArgs.pyRepr;

/**
 * Stochastic gradient descent, optionally with momentum, as {@code torch.optim.SGD}:
 * <pre>
 * g = grad + weight_decay * p
 * if momentum != 0:  buf = (first step) ? g : momentum * buf + (1 - dampening) * g
 *                    g = nesterov ? g + momentum * buf : buf
 * p -= lr * g
 * </pre>
 * {@code new SGD(net.parameters(), 1e-3).momentum(0.9).nesterov(true)}. Per-parameter state:
 * {@code momentum_buffer} (when momentum is not 0). The update runs through {@link Updates#sgd}, so a
 * backend's fused SGD kernel is used when it offers one.
 */
public class SGD extends Optimizer {

    /** SGD with PyTorch's default learning rate, {@code 1e-3}. */
    public SGD(Iterable<? extends Tensor> params) { this(params, 1e-3); }

    /** SGD with this learning rate and no momentum nor weight decay. */
    public SGD(Iterable<? extends Tensor> params, double lr) { super(params, defaults(lr)); }

    private static Map<String, Object> defaults(double lr) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("momentum", 0.0);
        d.put("dampening", 0.0);
        d.put("weight_decay", 0.0);
        d.put("nesterov", false);
        return d;
    }

    /** Sets the default learning rate; returns this optimizer. */
    public SGD lr(double lr) {
        require(lr >= 0, "Invalid learning rate: " + pyRepr(lr));
        setDefault("lr", lr);
        return this;
    }

    /** Sets the momentum factor (default 0); returns this optimizer. */
    public SGD momentum(double momentum) {
        require(momentum >= 0, "Invalid momentum value: " + pyRepr(momentum));
        setDefault("momentum", momentum);
        return this;
    }

    /** Sets the dampening of momentum (default 0); returns this optimizer. */
    public SGD dampening(double dampening) {
        setDefault("dampening", dampening);
        return this;
    }

    /** Sets the L2 penalty (default 0); returns this optimizer. */
    public SGD weightDecay(double weightDecay) {
        require(weightDecay >= 0, "Invalid weight_decay value: " + pyRepr(weightDecay));
        setDefault("weight_decay", weightDecay);
        return this;
    }

    /** Enables Nesterov momentum (needs a positive momentum and zero dampening, checked at the next step); returns this optimizer. */
    public SGD nesterov(boolean nesterov) {
        setDefault("nesterov", nesterov);
        return this;
    }

    @Override
    protected void checkGroup(ParamGroup g) {
        double lr = g.getDouble("lr");
        double momentum = g.getDouble("momentum");
        require(lr >= 0, "Invalid learning rate: " + pyRepr(lr));
        require(momentum >= 0, "Invalid momentum value: " + pyRepr(momentum));
        double wd = g.getDouble("weight_decay");
        require(wd >= 0, "Invalid weight_decay value: " + pyRepr(wd));
        g.getDouble("dampening");
        if (g.getBoolean("nesterov")) {
            require(momentum > 0 && g.getDouble("dampening") == 0,
                    "Nesterov momentum requires a momentum and zero dampening");
        }
    }

    @Override
    protected void checkParamState(Map<String, Object> state) {
        requireStateKeys(state, Set.of("momentum_buffer"), Set.of());
    }

    @Override
    public void step() {
        validate();
        try (var off = Kiln.noGrad()) {
            for (ParamGroup group : paramGroups()) {
                double lr = group.getDouble("lr");
                double momentum = group.getDouble("momentum");
                double dampening = group.getDouble("dampening");
                double weightDecay = group.getDouble("weight_decay");
                boolean nesterov = group.getBoolean("nesterov");
                for (Tensor p : group.params()) {
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    Tensor buf = null;
                    boolean first = false;
                    if (momentum != 0) {
                        Map<String, Object> s = state(p);
                        buf = (Tensor) s.get("momentum_buffer");
                        if (buf == null) {
                            buf = zerosLikeParam(p);
                            s.put("momentum_buffer", buf);
                            first = true;
                        }
                    }
                    Updates.sgd(p, grad, buf, lr, momentum, dampening, weightDecay, nesterov, first);
                }
            }
        }
    }
}
