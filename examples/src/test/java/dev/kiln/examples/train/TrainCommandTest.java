package dev.kiln.examples.train;

import dev.kiln.Kiln;
import dev.kiln.Tensor;
import dev.kiln.examples.KilnCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kiln train --config} on the Fashion-MNIST subset shipped with the examples: checkpoints each epoch,
 * a resumed run equals an uninterrupted one bit for bit, and bad configs fail before training naming the field.
 */
class TrainCommandTest {

    @TempDir
    Path dir;

    private String out;
    private String err;

    private int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = KilnCli.execute(args, new PrintWriter(o, true), new PrintWriter(e, true));
        out = o.toString();
        err = e.toString();
        return code;
    }

    static String subset() throws URISyntaxException {
        return Path.of(TrainCommandTest.class.getClassLoader().getResource(DataLocator.SUBSET_RESOURCE).toURI()).toString();
    }

    /** A small MLP with SGD + momentum (so the optimizer has state to checkpoint). */
    private String config(int epochs, Path saveDir) throws URISyntaxException {
        return """
                {
                  "name": "mlp",
                  "seed": 3,
                  "dataset": {"type": "FashionMNIST", "args": {"root": "%s"}},
                  "data_loader": {"batch_size": 32, "shuffle": true},
                  "arch": [{"type": "Flatten"},
                           {"type": "Linear", "args": {"in_features": 784, "out_features": 32}},
                           {"type": "ReLU"},
                           {"type": "Linear", "args": {"in_features": 32, "out_features": 10}}],
                  "loss": {"type": "CrossEntropyLoss"},
                  "optimizer": {"type": "SGD", "args": {"lr": 0.05, "momentum": 0.9}},
                  "trainer": {"epochs": %d, "save_dir": "%s", "train_samples": 512, "test_samples": 128}
                }""".formatted(subset(), epochs, saveDir);
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** The printed lines of epoch {@code k} without its time line. */
    private static List<String> epochLines(String text, int k) {
        String from = "Epoch " + k + "\n";
        int i = text.indexOf(from);
        int j = text.indexOf("epoch " + k + " time: ", i);
        assertTrue(i >= 0 && j > i, text);
        return List.of(text.substring(i, j).split("\n"));
    }

    @Test
    void aResumedRunEqualsAnUninterruptedOne() throws Exception {
        Path full = dir.resolve("full");
        Path parts = dir.resolve("parts");
        assertEquals(0, run("train", "--config", write("full.json", config(2, full)).toString(), "--no-progress"), out + err);
        String uninterrupted = out;
        assertTrue(uninterrupted.contains("Dataset FashionMNIST: 512 training and 128 test samples\n"), uninterrupted);
        assertTrue(uninterrupted.contains("""
                Sequential(
                  (0): Flatten(start_dim=1, end_dim=-1)
                  (1): Linear(in_features=784, out_features=32, bias=True)
                  (2): ReLU()
                  (3): Linear(in_features=32, out_features=10, bias=True)
                )
                Epoch 1
                """), uninterrupted);
        assertTrue(uninterrupted.contains("Saved checkpoint " + full.resolve("mlp/checkpoint-epoch2.json")), uninterrupted);
        assertTrue(Files.isRegularFile(full.resolve("mlp/curves.png")));

        // stop after one epoch, then resume to two with the same config but for the epochs
        assertEquals(0, run("train", "--config", write("one.json", config(1, parts)).toString(), "--no-progress"), out + err);
        assertEquals(epochLines(uninterrupted, 1), epochLines(out, 1));
        Path ckpt = parts.resolve("mlp/checkpoint-epoch1.json");
        assertEquals(0, run("train", "--config", write("two.json", config(2, parts)).toString(), "--resume", ckpt.toString(),
                "--no-progress"), out + err);
        assertTrue(out.contains("Resumed from " + ckpt + " after epoch 1\n"), out);
        assertTrue(!out.contains("Epoch 1\n"), out);
        assertEquals(epochLines(uninterrupted, 2), epochLines(out, 2));

        // the weights and the optimizer's momentum buffers are identical, bit for bit
        Map<String, Tensor> a = Kiln.load(full.resolve("mlp/checkpoint-epoch2.safetensors"));
        Map<String, Tensor> b = Kiln.load(parts.resolve("mlp/checkpoint-epoch2.safetensors"));
        assertEquals(a.keySet(), b.keySet());
        assertTrue(a.keySet().stream().anyMatch(k -> k.startsWith("optimizer.state.")), a.keySet().toString());
        for (String k : a.keySet()) assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), k);
        // the resumed run's history holds both epochs
        assertEquals(2, Checkpoint.load(parts.resolve("mlp/checkpoint-epoch2.json")).history().size());
    }

    @Test
    void resumingWithAnotherArchIsRefused() throws Exception {
        Path save = dir.resolve("s");
        assertEquals(0, run("train", "--config", write("one.json", config(1, save)).toString(), "--no-progress"), out + err);
        String other = config(2, save).replace("\"out_features\": 32", "\"out_features\": 16").replace("\"in_features\": 32", "\"in_features\": 16");
        assertEquals(2, run("train", "--config", write("other.json", other).toString(), "--resume",
                save.resolve("mlp/checkpoint-epoch1.json").toString()));
        assertTrue(err.contains(": arch: differs from the config of checkpoint"), err);
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
            "{\"type\": \"ReLU\"}|{\"type\": \"Relu\"}|arch[2].type: unknown layer type 'Relu'; known: ",
            "\"in_features\": 784, |\"in_features\": \"784\", |arch[1].args: ",
            "\"in_features\": 784, ||arch[1].args: ",
            "\"in_features\": 32,|\"in_features\": 31,|arch: the model cannot take a batch of shape [2, 1, 28, 28]: ",
            "\"type\": \"SGD\"|\"type\": \"Sgd\"|optimizer.type: unknown optimizer 'Sgd'; known: ",
            "\"lr\": 0.05|\"lr\": -1|optimizer.args: ",
            "\"type\": \"CrossEntropyLoss\"|\"type\": \"Tanh\"|loss.type: 'Tanh' is not a loss",
            "\"type\": \"FashionMNIST\"|\"type\": \"CIFAR10\"|dataset.type: unknown dataset 'CIFAR10'; known: ",
            "\"epochs\": 1|\"epochs\": 0|trainer.epochs: must be at least 1, found 0",
    })
    void aBadConfigFailsBeforeTrainingNamingTheField(String from, String to, String message) throws Exception {
        Path save = dir.resolve("never");
        String good = config(1, save);
        String bad = good.replace(from, to == null ? "" : to);
        assertTrue(!bad.equals(good), "no '" + from + "' in the config");
        Path file = write("bad.json", bad);
        assertEquals(2, run("train", "--config", file.toString(), "--no-progress"), out + err);
        assertTrue(err.startsWith("kiln train: bad config: " + file + ": " + message), err);
        assertTrue(!out.contains("Epoch 1"), out);
        assertTrue(Files.notExists(save), "nothing is written");
    }

    @Test
    void anUnknownLayerListsTheKnownOnes() throws Exception {
        Path file = write("bad.json", config(1, dir.resolve("never")).replace("{\"type\": \"ReLU\"}", "{\"type\": \"Relu\"}"));
        assertEquals(2, run("train", "--config", file.toString()));
        for (String known : List.of("Conv2d", "CrossEntropyLoss", "Flatten", "Linear", "ReLU", "Sequential")) {
            assertTrue(err.contains(known), err);
        }
        assertTrue(Arrays.stream(err.split("known: ")[1].strip().split(", ")).sorted().toList()
                .equals(Arrays.asList(err.split("known: ")[1].strip().split(", "))), "sorted: " + err);
    }
}
