package dev.kiln.layers;

import dev.kiln.DType;
import dev.kiln.Kiln;
import dev.kiln.Tensor;
import dev.kiln.nn.Layer;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Registration, names, grads, modes and the state dict of {@link Layer}. */
class LayerStateTest {

    /** A small two-level model. */
    static final class Small extends Layer {
        final Linear fc = registerModule("fc", new Linear(4, 10));
    }

    @Test
    void dottedNamesInPyTorchsOrder() {
        // from layers_reference.py: [k for k, _ in NeuralNetwork().named_parameters()]
        assertEquals(List.of("linear_relu_stack.0.weight", "linear_relu_stack.0.bias", "linear_relu_stack.2.weight",
                        "linear_relu_stack.2.bias", "linear_relu_stack.4.weight", "linear_relu_stack.4.bias"),
                List.copyOf(new Models.NeuralNetwork().namedParameters().keySet()));
        Models.Net net = new Models.Net();
        List<Tensor> params = net.parameters();
        assertEquals(10, params.size());                       // the tutorial's len(params)
        assertArrayEquals(new int[] {6, 1, 5, 5}, params.get(0).shape());
        assertSame(net.conv1.weight(), params.get(0));
        assertEquals(List.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias",
                "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"), List.copyOf(net.stateDict().keySet()));
        assertEquals(List.of("", "conv1", "conv2", "fc1", "fc2", "fc3"), List.copyOf(net.namedModules().keySet()));
        assertSame(net.fc2, net.module("fc2"));
        assertSame(net.fc2.bias(), net.parameter("fc2.bias"));
        for (Tensor p : params) {
            assertTrue(p.isLeaf());
            assertTrue(p.requiresGrad());
        }
        assertThrows(IllegalArgumentException.class, () -> net.parameter("fc9.weight"));
        assertThrows(IllegalArgumentException.class, () -> net.parameter("fc1.gamma"));
    }

    @Test
    void registrationRules() {
        Layer l = new Layer() {};
        Tensor w = Tensor.ones(2, 2);
        assertSame(w, l.registerParameter("w", w));
        assertTrue(w.requiresGrad());
        // a non-leaf is registered detached, sharing storage, as nn.Parameter does
        Tensor nonLeaf = w.mul(2.0);
        Tensor p = l.registerParameter("p", nonLeaf);
        assertTrue(p.isLeaf());
        assertTrue(p.requiresGrad());
        assertTrue(p.sharesStorage(nonLeaf));
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> l.registerModule("w", new ReLU()));
        assertTrue(dup.getMessage().contains("'w' is already registered as a parameter"), dup.getMessage());
        assertThrows(IllegalArgumentException.class, () -> l.registerParameter("a.b", Tensor.ones(1)));
        assertThrows(IllegalArgumentException.class, () -> l.registerParameter("", Tensor.ones(1)));
        IllegalArgumentException integer = assertThrows(IllegalArgumentException.class, () -> l.registerParameter("i", Tensor.of(1L, 2L)));
        assertTrue(integer.getMessage().contains("int64"), integer.getMessage());
        UnsupportedOperationException noForward = assertThrows(UnsupportedOperationException.class, () -> new Small().forward(Tensor.ones(1, 4)));
        assertEquals("Module [Small] is missing the required \"forward\" function", noForward.getMessage());
    }

    @Test
    void sharedParameterListedOnceButSavedUnderEachName() {
        Linear a = new Linear(3, 3);
        Sequential s = new Sequential(a, new ReLU(), a);
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(s.namedParameters().keySet()));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(s.stateDict().keySet()));
        assertEquals(3, s.modules().size());   // the Sequential, the Linear once, the ReLU
    }

    @Test
    void zeroGradSetsGradsToNullOrZeros() {
        Models.Net net = new Models.Net();
        net.forward(Tensor.randn(2, 1, 32, 32)).sum().backward();
        for (Tensor p : net.parameters()) assertNotNull(p.grad());
        net.zeroGrad(false);
        for (Tensor p : net.parameters()) assertEquals(0.0, p.grad().abs().sum().item());
        net.zeroGrad();
        for (Tensor p : net.parameters()) assertNull(p.grad());
    }

    @Test
    void trainAndEvalAreRecursive() {
        Models.NeuralNetwork m = new Models.NeuralNetwork();
        assertTrue(m.modules().stream().allMatch(Layer::isTraining));
        assertSame(m, m.eval());
        assertTrue(m.modules().stream().noneMatch(Layer::isTraining));
        assertFalse(m.linearReluStack.get(1).isTraining());
        m.train();
        assertTrue(m.modules().stream().allMatch(Layer::isTraining));
    }

    @Test
    void stateDictRoundTripCopiesInPlace() {
        Kiln.manualSeed(1);
        Models.Net a = new Models.Net();
        Models.Net b = new Models.Net();
        Tensor x = Tensor.randn(3, 1, 32, 32);
        assertFalse(a.forward(x).allclose(b.forward(x), 0, 0));
        Tensor bWeight = b.fc1.weight();
        Map<String, Tensor> sd = a.stateDict();
        for (Tensor t : sd.values()) assertFalse(t.requiresGrad());
        Layer.IncompatibleKeys keys = b.loadStateDict(sd);
        assertEquals(List.of(), keys.missingKeys());
        assertEquals(List.of(), keys.unexpectedKeys());
        assertSame(bWeight, b.fc1.weight());        // same tensor: an optimizer built on it keeps working
        assertTrue(bWeight.isLeaf() && bWeight.requiresGrad());
        assertTrue(a.forward(x).equal(b.forward(x)));
        assertFalse(b.fc1.weight().sharesStorage(a.fc1.weight()));
    }

    @Test
    void strictLoadNamesEveryProblemAndChangesNothing() {
        Small s = new Small();
        Tensor before = s.fc.weight().clone();
        Tensor biasBefore = s.fc.bias().clone();
        Map<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("fc.weight", Tensor.zeros(10, 5));
        sd.put("extra", Tensor.zeros(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.loadStateDict(sd, true));
        // PyTorch 1.13's message (layers_reference.py), shapes written [10, 5] instead of torch.Size([10, 5])
        assertEquals("""
                Error(s) in loading state_dict for Small:
                \tMissing key(s) in state_dict: "fc.bias".\s
                \tUnexpected key(s) in state_dict: "extra".\s
                \tsize mismatch for fc.weight: copying a param with shape [10, 5] from checkpoint, \
                the shape in current model is [10, 4].""", e.getMessage());
        assertTrue(s.fc.weight().equal(before));

        // a good weight next to a wrong bias: all or nothing, the weight is not copied either
        Map<String, Tensor> half = new LinkedHashMap<>();
        half.put("fc.weight", Tensor.zeros(10, 4));
        half.put("fc.bias", Tensor.zeros(DType.FLOAT64, 10));
        IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class, () -> s.loadStateDict(half, false));
        assertEquals("Error(s) in loading state_dict for Small:\n\tdtype mismatch for fc.bias: copying a param with dtype "
                + "float64 from checkpoint, the dtype in current model is float32.", dtype.getMessage());
        assertTrue(s.fc.weight().equal(before));
        assertTrue(s.fc.bias().equal(biasBefore));
    }

    @Test
    void nonStrictLoadReturnsMissingAndUnexpected() {
        Small s = new Small();
        Map<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("fc.weight", Tensor.ones(10, 4));
        sd.put("head.weight", Tensor.ones(2, 2));
        Layer.IncompatibleKeys keys = s.loadStateDict(sd, false);
        assertEquals(List.of("fc.bias"), keys.missingKeys());
        assertEquals(List.of("head.weight"), keys.unexpectedKeys());
        assertTrue(s.fc.weight().equal(Tensor.ones(10, 4)));
        // size mismatches fail even when not strict, as in PyTorch
        assertThrows(IllegalArgumentException.class, () -> s.loadStateDict(Map.of("fc.weight", Tensor.ones(4, 10)), false));
    }

    @Test
    void stateDictSharesStorageAsPyTorchs() {
        Small s = new Small();
        Tensor w = s.stateDict().get("fc.weight");
        assertTrue(w.sharesStorage(s.fc.weight()));
        assertFalse(w.requiresGrad());
    }

    @Test
    void toDtypeCastsParametersKeepingThemLeaves() {
        Small s = new Small();
        Tensor w32 = s.fc.weight();
        s.to(DType.FLOAT64);
        assertEquals(DType.FLOAT64, s.fc.weight().dtype());
        assertTrue(s.fc.weight().isLeaf() && s.fc.weight().requiresGrad());
        assertTrue(s.fc.weight().toFloat().equal(w32));
        assertEquals(DType.FLOAT64, s.fc.forward(Tensor.ones(DType.FLOAT64, 2, 4)).dtype());
        assertSame(s, s.to(dev.kiln.Device.CPU));
        assertThrows(IllegalArgumentException.class, () -> s.to(DType.INT64));
    }

    /** A layer with a float and an int64 buffer next to a parameter, and a shared sublayer. */
    static final class WithBuffers extends Layer {
        final Linear shared = new Linear(2, 2);
        final Tensor scale = registerParameter("scale", Tensor.ones(2));
        final Tensor runningMean = registerBuffer("running_mean", Tensor.zeros(2));
        final Tensor count = registerBuffer("count", Tensor.of(0L));
        final Linear a = registerModule("a", shared);
        final Sequential b = registerModule("b", new Sequential(shared));
    }

    @Test
    void buffersAreSavedAfterParametersAndLoadedButNotTrained() {
        WithBuffers m = new WithBuffers();
        assertEquals(List.of("scale", "running_mean", "count", "a.weight", "a.bias", "b.0.weight", "b.0.bias"),
                List.copyOf(m.stateDict().keySet()));
        assertEquals(List.of("scale", "a.weight", "a.bias"), List.copyOf(m.namedParameters().keySet()));
        assertEquals(List.of("running_mean", "count"), List.copyOf(m.namedBuffers().keySet()));
        assertFalse(m.runningMean.requiresGrad());
        Map<String, Tensor> sd = new LinkedHashMap<>(m.stateDict());
        sd.put("running_mean", Tensor.of(1f, 2f));
        sd.put("count", Tensor.of(5L));
        sd.put("b.0.bias", Tensor.of(3f, 4f));
        sd.put("a.bias", Tensor.of(3f, 4f));
        m.loadStateDict(sd);
        assertTrue(m.runningMean.equal(Tensor.of(1f, 2f)));
        assertEquals(5L, m.count.itemLong());
        assertTrue(m.shared.bias().equal(Tensor.of(3f, 4f)));
    }

    @Test
    void conversionKeepsSharingGradsAndIntegerBuffers() {
        WithBuffers m = new WithBuffers();
        m.a.forward(Tensor.ones(1, 2)).sum().backward();
        m.to(DType.FLOAT64);
        assertSame(m.module("a"), m.module("b.0"));
        assertSame(m.parameter("a.weight"), m.parameter("b.0.weight"));
        assertEquals(DType.FLOAT64, m.parameter("a.weight").grad().dtype());
        assertEquals(DType.FLOAT64, m.parameter("scale").dtype());
        assertEquals(DType.FLOAT64, m.buffers().get(0).dtype());
        assertEquals(DType.INT64, m.buffers().get(1).dtype());
        assertEquals(3, m.parameters().size());
    }

    @Test
    void aModuleCannotContainItself() {
        Sequential outer = new Sequential(new ReLU());
        Sequential inner = new Sequential(outer);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> outer.append(inner));
        assertTrue(e.getMessage().contains("its own submodule"), e.getMessage());
    }
}
