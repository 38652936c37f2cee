package dev.kiln.examples.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.examples.KilnCli;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The configs under examples/configs run: one short epoch each on the shipped subset. */
class ShippedConfigsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"fashion-mlp.json", "fashion-lenet.json"})
    void runsOneShortEpoch(String name) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode c = (ObjectNode) json.readTree(Path.of("configs", name).toFile());
        ((ObjectNode) c.get("dataset")).putObject("args").put("root", TrainCommandTest.subset());
        ((ObjectNode) c.get("trainer")).put("epochs", 1).put("save_dir", dir.toString())
                .put("train_samples", 128).put("test_samples", 64);
        Path file = dir.resolve(name);
        Files.writeString(file, c.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, KilnCli.execute(new String[]{"train", "--config", file.toString(), "--no-progress"},
                new PrintWriter(out, true), new PrintWriter(err, true)), out + "\n" + err);
        assertTrue(out.toString().contains("Test Error: \n Accuracy: "), out.toString());
        assertTrue(Files.isRegularFile(dir.resolve(c.get("name").asText()).resolve("checkpoint-epoch1.safetensors")));
    }
}
