package dev.kiln.optim;

import dev.kiln.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each optimizer, built with the fluent api and through its factory, runs 10 steps of the fixed float64
 * problem and must reach PyTorch's parameters after every step.
 */
class OptimizerVsTorchTest {
    /** float64 throughout; the only differences are rounding order (PyTorch may fuse multiply-adds). */
    private static final double TOL = 1e-12;
    private static final Map<String, double[][]> TORCH = TorchProblem.expected();

    static Stream<Arguments> fluent() {
        return Stream.of(
                Arguments.of("sgd", (Function<List<Tensor>, Optimizer>) p -> new SGD(p, 0.1)),
                Arguments.of("sgd_momentum", (Function<List<Tensor>, Optimizer>) p -> new SGD(p, 0.1).momentum(0.9)),
                Arguments.of("sgd_nesterov", (Function<List<Tensor>, Optimizer>) p -> new SGD(p, 0.1).nesterov(true).momentum(0.9)),
                Arguments.of("sgd_dampening", (Function<List<Tensor>, Optimizer>) p -> new SGD(p, 0.1).momentum(0.9).dampening(0.5)),
                Arguments.of("sgd_weight_decay", (Function<List<Tensor>, Optimizer>) p -> new SGD(p, 0.1).momentum(0.9).weightDecay(0.1)),
                Arguments.of("sgd_groups", (Function<List<Tensor>, Optimizer>) p -> {
                    SGD sgd = new SGD(List.of(p.get(0)), 0.1);
                    sgd.addParamGroup(ParamGroup.of(List.of(p.get(1))).lr(0.01));
                    return sgd.momentum(0.9); // a default changed after the group was added reaches it too
                }),
                Arguments.of("rmsprop", (Function<List<Tensor>, Optimizer>) p -> new RMSprop(p)),
                Arguments.of("rmsprop_centered", (Function<List<Tensor>, Optimizer>) p -> new RMSprop(p, 0.01).centered(true)),
                Arguments.of("rmsprop_momentum", (Function<List<Tensor>, Optimizer>) p -> new RMSprop(p, 0.01).momentum(0.9)),
                Arguments.of("rmsprop_all", (Function<List<Tensor>, Optimizer>) p -> new RMSprop(p, 0.01).alpha(0.9).eps(1e-6)
                        .weightDecay(0.1).momentum(0.5).centered(true)),
                Arguments.of("adam", (Function<List<Tensor>, Optimizer>) p -> new Adam(p, 0.1)),
                Arguments.of("adam_weight_decay", (Function<List<Tensor>, Optimizer>) p -> new Adam(p, 0.1).weightDecay(0.1)),
                Arguments.of("adam_amsgrad", (Function<List<Tensor>, Optimizer>) p -> new Adam(p, 0.1).betas(0.8, 0.99).amsgrad(true)),
                Arguments.of("adamw", (Function<List<Tensor>, Optimizer>) p -> new AdamW(p, 0.1).weightDecay(0.1)),
                Arguments.of("adamw_amsgrad", (Function<List<Tensor>, Optimizer>) p -> new AdamW(p, 0.1).amsgrad(true)));
    }

    static Stream<Arguments> factories() {
        return Stream.of(
                Arguments.of("sgd", new SgdFactory(), Map.of("lr", 0.1)),
                Arguments.of("sgd_momentum", new SgdFactory(), Map.of("lr", 0.1, "momentum", 0.9)),
                Arguments.of("sgd_nesterov", new SgdFactory(), Map.of("lr", 0.1, "momentum", 0.9, "nesterov", true)),
                Arguments.of("sgd_dampening", new SgdFactory(), Map.of("lr", 0.1, "momentum", 0.9, "dampening", 0.5)),
                Arguments.of("sgd_weight_decay", new SgdFactory(), Map.of("lr", 0.1, "momentum", 0.9, "weight_decay", 0.1)),
                Arguments.of("rmsprop", new RMSpropFactory(), Map.of()),
                Arguments.of("rmsprop_centered", new RMSpropFactory(), Map.of("lr", 0.01, "centered", true)),
                Arguments.of("rmsprop_momentum", new RMSpropFactory(), Map.of("momentum", 0.9)),
                Arguments.of("rmsprop_all", new RMSpropFactory(), Map.of("lr", 0.01, "alpha", 0.9, "eps", 1e-6,
                        "weight_decay", 0.1, "momentum", 0.5, "centered", true)),
                Arguments.of("adam", new AdamFactory(), Map.of("lr", 0.1)),
                Arguments.of("adam_weight_decay", new AdamFactory(), Map.of("lr", 0.1, "weight_decay", 0.1)),
                Arguments.of("adam_amsgrad", new AdamFactory(), Map.of("lr", 0.1, "betas", List.of(0.8, 0.99), "amsgrad", true)),
                Arguments.of("adamw", new AdamWFactory(), Map.of("lr", 0.1, "weight_decay", 0.1)),
                Arguments.of("adamw_amsgrad", new AdamWFactory(), Map.of("lr", 0.1, "amsgrad", true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fluent")
    void fluentOptimizerMatchesTorch(String name, Function<List<Tensor>, Optimizer> make) {
        List<Tensor> p = TorchProblem.params();
        check(name, make.apply(p), p);
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("factories")
    void factoryOptimizerMatchesTorch(String name, OptimizerFactory factory, Map<String, Object> args) {
        List<Tensor> p = TorchProblem.params();
        check(name, factory.create(p, args), p);
    }

    private static void check(String name, Optimizer opt, List<Tensor> p) {
        double[][] expected = TORCH.get(name);
        assertEquals(10, expected.length, name);
        for (int step = 0; step < 10; step++) {
            TorchProblem.trainStep(opt, p);
            double[] got = TorchProblem.values(p);
            for (int i = 0; i < got.length; i++) {
                double e = expected[step][i];
                assertTrue(Math.abs(got[i] - e) <= TOL * (1 + Math.abs(e)),
                        name + " step " + (step + 1) + " value " + i + ": " + got[i] + " vs PyTorch " + e);
            }
        }
    }
}
