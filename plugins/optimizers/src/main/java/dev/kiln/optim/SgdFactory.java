package dev.kiln.optim;

import dev.kiln.Tensor;
import org.pf4j.Extension;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Makes {@link SGD} by name from torch's keyword arguments: lr (1e-3), momentum, dampening, weight_decay, nesterov. */
@Extension
public final class SgdFactory implements OptimizerFactory {
    private static final Set<String> ARGS = Set.of("lr", "momentum", "dampening", "weight_decay", "nesterov");

    @Override public String name() { return "SGD"; }

    @Override
    public Optimizer create(List<Tensor> params, Map<String, Object> args) {
        OptimizerArgs a = OptimizerArgs.of(name(), args, ARGS);
        double lr = a.number("lr", 1e-3);
        double momentum = a.number("momentum", 0);
        double dampening = a.number("dampening", 0);
        double weightDecay = a.number("weight_decay", 0);
        boolean nesterov = a.bool("nesterov", false);
        SGD opt = new SGD(params);
        a.apply("lr", () -> opt.lr(lr));
        a.apply("momentum", () -> opt.momentum(momentum));
        a.apply("dampening", () -> opt.dampening(dampening));
        a.apply("weight_decay", () -> opt.weightDecay(weightDecay));
        a.apply("nesterov", () -> opt.nesterov(nesterov).validate());
        return opt;
    }
}
