package dev.kiln.optim;

import dev.kiln.Tensor;
import org.pf4j.Extension;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Makes {@link RMSprop} by name from torch's keyword arguments: lr (1e-2), alpha, eps, weight_decay, momentum, centered. */
@Extension
public final class RMSpropFactory implements OptimizerFactory {
    private static final Set<String> ARGS = Set.of("lr", "alpha", "eps", "weight_decay", "momentum", "centered");

    @Override public String name() { return "RMSprop"; }

    @Override
    public Optimizer create(List<Tensor> params, Map<String, Object> args) {
        OptimizerArgs a = OptimizerArgs.of(name(), args, ARGS);
        double lr = a.number("lr", 1e-2);
        double alpha = a.number("alpha", 0.99);
        double eps = a.number("eps", 1e-8);
        double weightDecay = a.number("weight_decay", 0);
        double momentum = a.number("momentum", 0);
        boolean centered = a.bool("centered", false);
        RMSprop opt = new RMSprop(params);
        a.apply("lr", () -> opt.lr(lr));
        a.apply("alpha", () -> opt.alpha(alpha));
        a.apply("eps", () -> opt.eps(eps));
        a.apply("weight_decay", () -> opt.weightDecay(weightDecay));
        a.apply("momentum", () -> opt.momentum(momentum));
        opt.centered(centered).validate();
        return opt;
    }
}
