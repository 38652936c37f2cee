package dev.kiln.examples.train;

import dev.kiln.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A checkpoint's tensors, optimizer state, history and config come back as they were saved. */
class CheckpointTest {

    @TempDir
    Path dir;

    @Test
    void roundTrip() throws IOException {
        Map<String, Tensor> model = new LinkedHashMap<>();
        model.put("0.weight", Tensor.of(new float[][]{{1, 2}, {3, 4}}));
        model.put("0.bias", Tensor.of(0.5f, -0.5f));
        // the shape of torch.optim's state_dict(): integer keys, tensors, numbers, lists
        Map<String, Object> paramState = new LinkedHashMap<>();
        paramState.put("step", 3L);
        paramState.put("momentum_buffer", Tensor.of(new float[][]{{0.1f, 0.2f}, {0.3f, 0.4f}}));
        Map<Integer, Object> state = new LinkedHashMap<>();
        state.put(0, paramState);
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("lr", 0.001);
        group.put("betas", List.of(0.9, 0.999));
        group.put("nesterov", false);
        group.put("params", List.of(0, 1));
        Map<String, Object> optimizer = new LinkedHashMap<>();
        optimizer.put("state", state);
        optimizer.put("param_groups", List.of(group));
        List<EpochResult> history = List.of(new EpochResult(1, 2.1, 2.0, 0.41, 3.5), new EpochResult(2, 1.9, 1.8, 0.52, 3.4));

        Path json = new Checkpoint(2, model, optimizer, history, "{\"name\":\"x\"}").save(dir.resolve("run"));
        assertEquals(dir.resolve("run/checkpoint-epoch2.json"), json);
        assertTrue(Files.isRegularFile(dir.resolve("run/checkpoint-epoch2.safetensors")));

        for (Path from : List.of(json, dir.resolve("run/checkpoint-epoch2.safetensors"))) {
            Checkpoint c = Checkpoint.load(from);
            assertEquals(2, c.epoch());
            assertEquals(List.copyOf(model.keySet()), List.copyOf(c.model().keySet()));
            assertArrayEquals(new float[]{1, 2, 3, 4}, c.model().get("0.weight").toFloatArray());
            assertEquals(history, c.history());
            assertEquals("{\"name\":\"x\"}", c.configJson());
            Map<?, ?> s0 = (Map<?, ?>) ((Map<?, ?>) c.optimizer().get("state")).get("0");
            assertEquals(3, ((Number) s0.get("step")).intValue());
            Tensor buf = assertInstanceOf(Tensor.class, s0.get("momentum_buffer"));
            assertArrayEquals(new float[]{0.1f, 0.2f, 0.3f, 0.4f}, buf.toFloatArray());
            Map<?, ?> g = (Map<?, ?>) ((List<?>) c.optimizer().get("param_groups")).getFirst();
            assertEquals(0.001, g.get("lr"));
            assertEquals(List.of(0.9, 0.999), g.get("betas"));
            assertEquals(false, g.get("nesterov"));
            assertEquals(List.of(0, 1), g.get("params"));
        }
    }

    @Test
    void aMissingOrForeignCheckpointSaysSo() throws IOException {
        var e = assertThrows(IOException.class, () -> Checkpoint.load(dir.resolve("checkpoint-epoch9.json")));
        assertTrue(e.getMessage().endsWith("checkpoint-epoch9.json does not exist"), e.getMessage());
        Path other = dir.resolve("other.json");
        Files.writeString(other, "{\"epoch\": 1}");
        e = assertThrows(IOException.class, () -> Checkpoint.load(other));
        assertTrue(e.getMessage().contains("not a Kiln checkpoint"), e.getMessage());
    }
}
