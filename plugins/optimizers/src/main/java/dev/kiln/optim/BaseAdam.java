package dev.kiln.optim;

import dev.kiln.Kiln;
import dev.kiln.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.kiln.optim.OptimizerArgs.pyRepr;

/**
 * What {@link Adam} and {@link AdamW} share: the hyperparameters ({@code lr}, {@code betas}, {@code eps},
 * {@code weight_decay}, {@code amsgrad}), their validation and the step; they differ only in how weight
 * decay is applied (added to the gradient, or decoupled: {@code p *= 1 - lr * weight_decay}).
 * Per-parameter state: {@code step}, {@code exp_avg}, {@code exp_avg_sq}, {@code max_exp_avg_sq} (amsgrad).
 *
 * @param <T> the concrete optimizer, returned by the fluent setters
 */
public abstract class BaseAdam<T extends BaseAdam<T>> extends Optimizer {
    private final boolean decoupled;

    protected BaseAdam(Iterable<? extends Tensor> params, double lr, double weightDecay, boolean decoupled) {
        super(params, defaults(lr, weightDecay));
        this.decoupled = decoupled;
    }

    private static Map<String, Object> defaults(double lr, double weightDecay) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("betas", List.of(0.9, 0.999));
        d.put("eps", 1e-8);
        d.put("weight_decay", weightDecay);
        d.put("amsgrad", false);
        return d;
    }

    @SuppressWarnings("unchecked")
    private T self() { return (T) this; }

    /** Sets the default learning rate; returns this optimizer. */
    public T lr(double lr) {
        require(lr >= 0, "Invalid learning rate: " + pyRepr(lr));
        setDefault("lr", lr);
        return self();
    }

    /** Sets the decay rates of the first and second moment estimates (default 0.9, 0.999); returns this optimizer. */
    public T betas(double beta1, double beta2) {
        checkBetas(beta1, beta2);
        setDefault("betas", List.of(beta1, beta2));
        return self();
    }

    /** Sets the term added to the denominator (default 1e-8); returns this optimizer. */
    public T eps(double eps) {
        require(eps >= 0, "Invalid epsilon value: " + pyRepr(eps));
        setDefault("eps", eps);
        return self();
    }

    /** Sets the weight decay (Adam: L2 penalty, default 0; AdamW: decoupled, default 1e-2); returns this optimizer. */
    public T weightDecay(double weightDecay) {
        require(weightDecay >= 0, "Invalid weight_decay value: " + pyRepr(weightDecay));
        setDefault("weight_decay", weightDecay);
        return self();
    }

    /** Uses the AMSGrad variant (the running maximum of the second moment); returns this optimizer. */
    public T amsgrad(boolean amsgrad) {
        setDefault("amsgrad", amsgrad);
        return self();
    }

    private void checkBetas(double beta1, double beta2) {
        require(beta1 >= 0 && beta1 < 1, "Invalid beta parameter at index 0: " + pyRepr(beta1));
        require(beta2 >= 0 && beta2 < 1, "Invalid beta parameter at index 1: " + pyRepr(beta2));
    }

    @Override
    protected void checkGroup(ParamGroup g) {
        double lr = g.getDouble("lr");
        require(lr >= 0, "Invalid learning rate: " + pyRepr(lr));
        double eps = g.getDouble("eps");
        require(eps >= 0, "Invalid epsilon value: " + pyRepr(eps));
        double[] betas = g.getDoubles("betas");
        require(betas.length == 2, "betas must hold 2 values, got " + betas.length);
        checkBetas(betas[0], betas[1]);
        double wd = g.getDouble("weight_decay");
        require(wd >= 0, "Invalid weight_decay value: " + pyRepr(wd));
        g.getBoolean("amsgrad");
    }

    @Override
    protected void checkParamState(Map<String, Object> state) {
        requireStateKeys(state, Set.of("step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"), Set.of("step", "exp_avg", "exp_avg_sq"));
    }

    @Override
    public void step() {
        validate();
        try (var off = Kiln.noGrad()) {
            for (ParamGroup group : paramGroups()) {
                double lr = group.getDouble("lr");
                double[] betas = group.getDoubles("betas");
                double eps = group.getDouble("eps");
                double weightDecay = group.getDouble("weight_decay");
                boolean amsgrad = group.getBoolean("amsgrad");
                for (Tensor p : group.params()) {
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    Map<String, Object> s = state(p);
                    if (!s.containsKey("exp_avg")) {
                        s.put("step", 0L);
                        s.put("exp_avg", zerosLikeParam(p));
                        s.put("exp_avg_sq", zerosLikeParam(p));
                    }
                    if (amsgrad && !s.containsKey("max_exp_avg_sq")) s.put("max_exp_avg_sq", zerosLikeParam(p));
                    long t = stepCount(s) + 1;
                    s.put("step", t);
                    Updates.adam(p, grad, (Tensor) s.get("exp_avg"), (Tensor) s.get("exp_avg_sq"),
                            amsgrad ? (Tensor) s.get("max_exp_avg_sq") : null, t, lr, betas[0], betas[1], eps,
                            weightDecay, decoupled, amsgrad);
                }
            }
        }
    }
}
