package dev.kiln.optim;

import dev.kiln.Kiln;
import dev.kiln.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static dev.kiln.optim.OptimizerArgs.pyRepr;

/**
 * RMSprop, as {@code torch.optim.RMSprop}:
 * <pre>
 * g = grad + weight_decay * p
 * sq = alpha * sq + (1 - alpha) * g * g
 * avg = centered ? sqrt(sq - ga * ga) + eps  (ga = alpha * ga + (1 - alpha) * g)  : sqrt(sq) + eps
 * momentum > 0 ?  buf = momentum * buf + g / avg;  p -= lr * buf   :   p -= lr * g / avg
 * </pre>
 * {@code new RMSprop(net.parameters(), 1e-2).alpha(0.9).centered(true)}. Per-parameter state:
 * {@code step}, {@code square_avg}, {@code momentum_buffer} (momentum > 0), {@code grad_avg} (centered).
 * Composed from tensor ops (no fused kernel contract exists for it).
 */
public class RMSprop extends Optimizer {

    /** RMSprop with PyTorch's defaults: lr 1e-2, alpha 0.99, eps 1e-8, no weight decay nor momentum. */
    public RMSprop(Iterable<? extends Tensor> params) { this(params, 1e-2); }

    /** RMSprop with this learning rate and PyTorch's other defaults. */
    public RMSprop(Iterable<? extends Tensor> params, double lr) { super(params, defaults(lr)); }

    private static Map<String, Object> defaults(double lr) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("alpha", 0.99);
        d.put("eps", 1e-8);
        d.put("weight_decay", 0.0);
        d.put("momentum", 0.0);
        d.put("centered", false);
        return d;
    }

    /** Sets the default learning rate; returns this optimizer. */
    public RMSprop lr(double lr) {
        require(lr >= 0, "Invalid learning rate: " + pyRepr(lr));
        setDefault("lr", lr);
        return this;
    }

    /** Sets the smoothing constant (default 0.99); returns this optimizer. */
    public RMSprop alpha(double alpha) {
        require(alpha >= 0, "Invalid alpha value: " + pyRepr(alpha));
        setDefault("alpha", alpha);
        return this;
    }

    /** Sets the term added to the denominator (default 1e-8); returns this optimizer. */
    public RMSprop eps(double eps) {
        require(eps >= 0, "Invalid epsilon value: " + pyRepr(eps));
        setDefault("eps", eps);
        return this;
    }

    /** Sets the L2 penalty (default 0); returns this optimizer. */
    public RMSprop weightDecay(double weightDecay) {
        require(weightDecay >= 0, "Invalid weight_decay value: " + pyRepr(weightDecay));
        setDefault("weight_decay", weightDecay);
        return this;
    }

    /** Sets the momentum factor (default 0); returns this optimizer. */
    public RMSprop momentum(double momentum) {
        require(momentum >= 0, "Invalid momentum value: " + pyRepr(momentum));
        setDefault("momentum", momentum);
        return this;
    }

    /** Normalizes the gradient by an estimate of its variance (centered RMSprop); returns this optimizer. */
    public RMSprop centered(boolean centered) {
        setDefault("centered", centered);
        return this;
    }

    @Override
    protected void checkGroup(ParamGroup g) {
        double lr = g.getDouble("lr");
        require(lr >= 0, "Invalid learning rate: " + pyRepr(lr));
        double eps = g.getDouble("eps");
        require(eps >= 0, "Invalid epsilon value: " + pyRepr(eps));
        double momentum = g.getDouble("momentum");
        require(momentum >= 0, "Invalid momentum value: " + pyRepr(momentum));
        double wd = g.getDouble("weight_decay");
        require(wd >= 0, "Invalid weight_decay value: " + pyRepr(wd));
        double alpha = g.getDouble("alpha");
        require(alpha >= 0, "Invalid alpha value: " + pyRepr(alpha));
        g.getBoolean("centered");
    }

    @Override
    protected void checkParamState(Map<String, Object> state) {
        requireStateKeys(state, Set.of("step", "square_avg", "momentum_buffer", "grad_avg"), Set.of("step", "square_avg"));
    }

    @Override
    public void step() {
        validate();
        try (var off = Kiln.noGrad()) {
            for (ParamGroup group : paramGroups()) {
                double lr = group.getDouble("lr");
                double alpha = group.getDouble("alpha");
                double eps = group.getDouble("eps");
                double weightDecay = group.getDouble("weight_decay");
                double momentum = group.getDouble("momentum");
                boolean centered = group.getBoolean("centered");
                for (Tensor p : group.params()) {
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    Map<String, Object> s = state(p);
                    if (!s.containsKey("square_avg")) {
                        s.put("step", 0L);
                        s.put("square_avg", zerosLikeParam(p));
                    }
                    if (momentum > 0 && !s.containsKey("momentum_buffer")) s.put("momentum_buffer", zerosLikeParam(p));
                    if (centered && !s.containsKey("grad_avg")) s.put("grad_avg", zerosLikeParam(p));
                    s.put("step", stepCount(s) + 1);
                    update(p, grad, s, lr, alpha, eps, weightDecay, momentum, centered);
                }
            }
        }
    }

    /** One parameter's update, as torch.optim's single-tensor RMSprop (same operation order). */
    private static void update(Tensor p, Tensor grad, Map<String, Object> s, double lr, double alpha, double eps,
                               double weightDecay, double momentum, boolean centered) {
        Tensor g = weightDecay != 0 ? grad.add(p, weightDecay) : grad;
        Tensor squareAvg = (Tensor) s.get("square_avg");
        squareAvg.mul_(alpha).add_(g.mul(1 - alpha).mul(g));
        Tensor avg;
        if (centered) {
            Tensor gradAvg = (Tensor) s.get("grad_avg");
            gradAvg.mul_(alpha).add_(g, 1 - alpha);
            avg = squareAvg.sub(gradAvg.mul(gradAvg)).sqrt_();
        } else {
            avg = squareAvg.sqrt();
        }
        avg.add_(eps);
        if (momentum > 0) {
            Tensor buf = (Tensor) s.get("momentum_buffer");
            buf.mul_(momentum).add_(g.div(avg));
            p.add_(buf, -lr);
        } else {
            p.add_(g.mul(-lr).div_(avg));
        }
    }
}
