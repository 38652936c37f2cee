package dev.kiln.optim;

import dev.kiln.Tensor;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/** Shared argument handling of {@link AdamFactory} and {@link AdamWFactory}. */
final class AdamFactories {
    private static final Set<String> ARGS = Set.of("lr", "betas", "eps", "weight_decay", "amsgrad");

    private AdamFactories() {}

    static <T extends BaseAdam<T>> T create(String name, List<Tensor> params, Map<String, Object> args,
                                            double defaultWeightDecay,
                                            BiFunction<List<Tensor>, Double, T> constructor) {
        OptimizerArgs a = OptimizerArgs.of(name, args, ARGS);
        double lr = a.number("lr", 1e-3);
        double[] betas = a.numbers("betas", 2, new double[] {0.9, 0.999});
        double eps = a.number("eps", 1e-8);
        double weightDecay = a.number("weight_decay", defaultWeightDecay);
        boolean amsgrad = a.bool("amsgrad", false);
        T opt = constructor.apply(params, 1e-3);
        a.apply("lr", () -> opt.lr(lr));
        a.apply("betas", () -> opt.betas(betas[0], betas[1]));
        a.apply("eps", () -> opt.eps(eps));
        a.apply("weight_decay", () -> opt.weightDecay(weightDecay));
        opt.amsgrad(amsgrad).validate();
        return opt;
    }
}
