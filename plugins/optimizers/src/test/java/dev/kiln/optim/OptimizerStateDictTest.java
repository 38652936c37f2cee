package dev.kiln.optim;

import dev.kiln.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** State dicts: PyTorch's layout, a restored optimizer continuing exactly, and bad dicts changing nothing. */
@SuppressWarnings("unchecked")
class OptimizerStateDictTest {

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("SGD nesterov", (Function<List<Tensor>, Optimizer>) p -> new SGD(p, 0.1).momentum(0.9).nesterov(true)),
                Arguments.of("RMSprop centered momentum", (Function<List<Tensor>, Optimizer>) p -> new RMSprop(p, 0.01).momentum(0.5).centered(true)),
                Arguments.of("Adam amsgrad", (Function<List<Tensor>, Optimizer>) p -> new Adam(p, 0.1).amsgrad(true)),
                Arguments.of("AdamW", (Function<List<Tensor>, Optimizer>) p -> new AdamW(p, 0.1)));
    }

    /** 5 steps, state dict, a new optimizer over copies of the parameters loads it; both then take 5 more steps. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void restoredOptimizerContinuesExactly(String name, Function<List<Tensor>, Optimizer> make) {
        List<Tensor> p = TorchProblem.params();
        Optimizer original = make.apply(p);
        for (int i = 0; i < 5; i++) TorchProblem.trainStep(original, p);

        List<Tensor> q = new ArrayList<>();
        for (Tensor t : p) q.add(t.detach().clone().requiresGrad(true));
        Optimizer restored = make.apply(q);
        restored.paramGroups().getFirst().lr(123.0); // overwritten by the load
        restored.loadStateDict(original.stateDict());
        assertEquals(original.paramGroups().getFirst().lr(), restored.paramGroups().getFirst().lr());

        for (int i = 0; i < 5; i++) {
            TorchProblem.trainStep(original, p);
            TorchProblem.trainStep(restored, q);
            assertArrayEquals(TorchProblem.values(p), TorchProblem.values(q), name + " step " + (6 + i));
        }
    }

    @Test
    void layoutIsPyTorchs() {
        List<Tensor> p = TorchProblem.params();
        Adam adam = new Adam(List.of(p.get(0)), 0.1);
        adam.addParamGroup(ParamGroup.of(List.of(p.get(1))).lr(0.01));
        TorchProblem.trainStep(adam, p);
        Map<String, Object> sd = adam.stateDict();
        assertEquals(List.of("state", "param_groups"), List.copyOf(sd.keySet()));
        @SuppressWarnings("unchecked")
        Map<Integer, Map<String, Object>> state = (Map<Integer, Map<String, Object>>) sd.get("state");
        assertEquals(List.of(0, 1), List.copyOf(state.keySet()));
        assertEquals(List.of("step", "exp_avg", "exp_avg_sq"), List.copyOf(state.get(1).keySet()));
        assertEquals(1L, state.get(1).get("step"));
        assertArrayEquals(new int[] {2}, ((Tensor) state.get(1).get("exp_avg")).shape());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> groups = (List<Map<String, Object>>) sd.get("param_groups");
        assertEquals(List.of("lr", "betas", "eps", "weight_decay", "amsgrad", "params"), List.copyOf(groups.get(0).keySet()));
        assertEquals(0.1, groups.get(0).get("lr"));
        assertEquals(0.01, groups.get(1).get("lr"));
        assertEquals(List.of(0.9, 0.999), groups.get(0).get("betas"));
        assertEquals(List.of(0), groups.get(0).get("params"));
        assertEquals(List.of(1), groups.get(1).get("params"));
    }

    @Test
    void loadingCopiesTheStateTensors() {
        List<Tensor> p = TorchProblem.params();
        SGD a = new SGD(p, 0.1).momentum(0.9);
        TorchProblem.trainStep(a, p);
        SGD b = new SGD(TorchProblem.params(), 0.1).momentum(0.9);
        Map<String, Object> sd = a.stateDict();
        b.loadStateDict(sd);
        Object saved = ((Map<?, ?>) ((Map<?, ?>) sd.get("state")).get(0)).get("momentum_buffer");
        Object loaded = ((Map<?, ?>) ((Map<?, ?>) b.stateDict().get("state")).get(0)).get("momentum_buffer");
        assertNotSame(saved, loaded);
        assertTrue(((Tensor) saved).equal((Tensor) loaded));
    }

    /** Each bad dict fails with its reason and leaves the optimizer's options and state as they were. */
    @Test
    void badStateDictsChangeNothing() {
        List<Tensor> p = TorchProblem.params();
        Adam adam = new Adam(p, 0.1);
        TorchProblem.trainStep(adam, p);
        Map<String, Object> good = adam.stateDict();
        String before = describe(adam);

        Map<String, Object> oneGroupTooMany = copy(good);
        List<Object> groups = new ArrayList<>((List<?>) good.get("param_groups"));
        groups.add(groups.getFirst());
        oneGroupTooMany.put("param_groups", groups);
        assertMessage(adam, oneGroupTooMany, "loaded state dict has a different number of parameter groups (2 instead of 1)");

        Map<String, Object> shortGroup = copy(good);
        Map<String, Object> g0 = new LinkedHashMap<>(firstGroup(good));
        g0.put("params", List.of(0));
        shortGroup.put("param_groups", List.of(g0));
        assertMessage(adam, shortGroup, "doesn't match the size of optimizer's group");

        Map<String, Object> badLr = copy(good);
        Map<String, Object> g1 = new LinkedHashMap<>(firstGroup(good));
        g1.put("lr", -1.0);
        badLr.put("param_groups", List.of(g1));
        assertMessage(adam, badLr, "Adam: Invalid learning rate: -1.0");

        Map<String, Object> unknownOption = copy(good);
        Map<String, Object> g2 = new LinkedHashMap<>(firstGroup(good));
        g2.put("momentum", 0.9);
        unknownOption.put("param_groups", List.of(g2));
        assertMessage(adam, unknownOption, "option 'momentum', which Adam does not have");

        Map<String, Object> badIndex = copy(good);
        Map<Object, Object> state = new LinkedHashMap<>((Map<?, ?>) good.get("state"));
        state.put(7, state.get(0));
        badIndex.put("state", state);
        assertMessage(adam, badIndex, "state refers to parameter index 7");

        Map<String, Object> badShape = copy(good);
        Map<Object, Object> state2 = new LinkedHashMap<>((Map<?, ?>) good.get("state"));
        Map<String, Object> s1 = new LinkedHashMap<>((Map<String, Object>) state2.get(1));
        s1.put("exp_avg", Tensor.zeros(3));
        state2.put(1, s1);
        badShape.put("state", state2);
        assertMessage(adam, badShape, "state of parameter 1: 'exp_avg' has shape [3] but the parameter has shape [2]");

        Map<String, Object> sgdState = copy(good);
        sgdState.put("state", Map.of(0, Map.of("momentum_buffer", Tensor.zeros(2, 3))));
        assertMessage(adam, sgdState, "state of parameter 0: state 'momentum_buffer' is not Adam state; valid: exp_avg, exp_avg_sq, max_exp_avg_sq, step");

        Map<String, Object> partial = copy(good);
        partial.put("state", Map.of("1", Map.of("step", 3, "exp_avg", Tensor.zeros(2))));
        assertMessage(adam, partial, "state of parameter 1: state lacks 'exp_avg_sq'");

        Map<String, Object> notATensor = copy(good);
        notATensor.put("state", Map.of(1, Map.of("step", 3, "exp_avg", List.of(1.0, 2.0))));
        assertMessage(adam, notATensor, "state of parameter 1: 'exp_avg' is the list [1.0, 2.0], expected a tensor");

        Map<String, Object> badType = copy(good);
        Map<String, Object> g3 = new LinkedHashMap<>(firstGroup(good));
        g3.put("eps", "tiny");
        badType.put("param_groups", List.of(g3));
        assertMessage(adam, badType, "param group option 'eps' is the string \"tiny\", expected a number");

        assertEquals(before, describe(adam));
    }

    /** As after a JSON round trip: string state keys, integer numbers, betas as a list of integers and doubles. */
    @Test
    void loadsJsonShapedValues() {
        List<Tensor> p = TorchProblem.params();
        Adam adam = new Adam(p, 0.1);
        TorchProblem.trainStep(adam, p);
        Map<String, Object> sd = adam.stateDict();
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, Object> state = new LinkedHashMap<>();
        ((Map<?, ?>) sd.get("state")).forEach((k, v) -> {
            Map<String, Object> s = new LinkedHashMap<>((Map<String, Object>) v);
            s.put("step", ((Long) s.get("step")).intValue());
            state.put(String.valueOf(k), s);
        });
        json.put("state", state);
        Map<String, Object> group = new LinkedHashMap<>(firstGroup(sd));
        group.put("betas", List.of(0, 0.5));
        group.put("weight_decay", 0);
        json.put("param_groups", List.of(group));
        Adam other = new Adam(TorchProblem.params(), 0.1);
        other.loadStateDict(json);
        assertEquals(List.of(0.0, 0.5), other.paramGroups().getFirst().get("betas"));
        assertEquals(1L, ((Map<?, ?>) ((Map<?, ?>) other.stateDict().get("state")).get(0)).get("step"));
    }

    private static void assertMessage(Optimizer opt, Map<String, Object> sd, String expected) {
        var e = assertThrows(IllegalArgumentException.class, () -> opt.loadStateDict(sd));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstGroup(Map<String, Object> sd) {
        return ((List<Map<String, Object>>) sd.get("param_groups")).getFirst();
    }

    private static Map<String, Object> copy(Map<String, Object> sd) { return new LinkedHashMap<>(sd); }

    /** Options, and the identity and values of every state entry. */
    private static String describe(Optimizer opt) {
        StringBuilder sb = new StringBuilder(opt.paramGroups().toString());
        ((Map<?, ?>) opt.stateDict().get("state")).forEach((k, v) -> ((Map<?, ?>) v).forEach((name, x) -> sb.append(k)
                .append(name).append(x instanceof Tensor t ? System.identityHashCode(t) + java.util.Arrays.toString(t.toDoubleArray()) : x)));
        return sb.toString();
    }
}
