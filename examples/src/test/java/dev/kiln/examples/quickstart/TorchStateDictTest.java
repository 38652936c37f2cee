package dev.kiln.examples.quickstart;

import dev.kiln.Kiln;
import dev.kiln.Tensor;
import dev.kiln.layers.Linear;
import dev.kiln.layers.ReLU;
import dev.kiln.layers.Sequential;
import dev.kiln.nn.Layer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code model.loadStateDict(Kiln.load(path))} with a state dict written from PyTorch (core's fixture, made by
 * {@code core/src/test/python/gen_safetensors_fixture.py}: {@code Sequential(Linear(4, 3), ReLU(), Linear(3, 2))})
 * reproduces PyTorch's output; a hostile file leaves the model unchanged.
 */
class TorchStateDictTest {

    /** The fixture lives with core's safetensors tests; surefire runs in the module folder. */
    private static final Path FIXTURE = Path.of("../core/src/test/resources/safetensors/torch_mlp.safetensors");

    /** Printed by the script (also pasted in core's SafetensorsTorchTest). */
    private static final float[] INPUT = {
            0.10606680065393448f, 0.8092142939567566f, 1.2225992679595947f, 1.5207808017730713f,
            -0.3689523935317993f, -3.031769037246704f, 1.825034499168396f, 0.5077741742134094f,
            -1.3847272396087646f, -0.9108479022979736f, 4.4248366355896f, -0.753971517086029f,
            1.1832435131072998f, 1.4484786987304688f, -0.6983546614646912f, -1.0579760074615479f,
            -1.3789489269256592f, 1.9155608415603638f, -2.5780200958251953f, -3.2966318130493164f};
    private static final float[] OUTPUT = {
            -0.2793961465358734f, 0.6719362735748291f, -1.0467710494995117f, 1.485703706741333f,
            -0.843948483467102f, 1.1497275829315186f, -0.3293693959712982f, 0.5188127160072327f,
            -0.40856146812438965f, 1.1963603496551514f};

    private static Layer model() { return new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2)); }

    @Test
    void aPyTorchStateDictReproducesPyTorchsOutput() throws Exception {
        Map<String, Tensor> sd = new LinkedHashMap<>(Kiln.load(FIXTURE));
        sd.keySet().removeIf(k -> k.startsWith("extra."));
        Layer m = model();
        m.loadStateDict(sd);
        m.eval();
        try (var off = Kiln.noGrad()) {
            float[] got = m.forward(Tensor.wrap(INPUT, 5, 4)).toFloatArray();
            for (int i = 0; i < OUTPUT.length; i++) {
                assertEquals(OUTPUT[i], got[i], 1e-6f * Math.max(1, Math.abs(OUTPUT[i])), "output element " + i);
            }
        }
    }

    @Test
    void saveThenLoadIntoAFreshModelGivesTheSameOutputs(@TempDir Path dir) throws Exception {
        Layer a = model();
        Path file = dir.resolve("m.safetensors");
        Kiln.save(a.stateDict(), file);
        Layer b = model();
        b.loadStateDict(Kiln.load(file));
        Tensor x = Tensor.wrap(INPUT, 5, 4);
        try (var off = Kiln.noGrad()) {
            assertArrayEquals(a.forward(x).toFloatArray(), b.forward(x).toFloatArray());
        }
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(Kiln.load(file).keySet()));
    }

    @Test
    void aHostileFileLeavesTheModelUnchanged(@TempDir Path dir) throws Exception {
        Layer m = model();
        Map<String, Tensor> before = m.stateDict();
        List<float[]> values = before.values().stream().map(Tensor::toFloatArray).toList();
        byte[] good = Files.readAllBytes(FIXTURE);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, java.util.Arrays.copyOf(good, good.length - 7));
        var e = assertThrows(java.io.IOException.class, () -> m.loadStateDict(Kiln.load(cut)));
        assertTrue(e.getMessage().startsWith(cut + ": "), e.getMessage());
        List<float[]> after = m.stateDict().values().stream().map(Tensor::toFloatArray).toList();
        for (int i = 0; i < values.size(); i++) assertArrayEquals(values.get(i), after.get(i));
    }
}
