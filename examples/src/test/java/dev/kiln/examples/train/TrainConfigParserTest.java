package dev.kiln.examples.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The config's shape is checked field by field, each failure naming the field and the reason. */
class TrainConfigParserTest {

    static final String GOOD = """
            {
              "name": "mlp",
              "seed": 7,
              "dataset": {"type": "FashionMNIST", "args": {"root": "data"}},
              "data_loader": {"batch_size": 32, "shuffle": true, "num_workers": 2},
              "arch": [{"type": "Flatten"},
                       {"type": "Linear", "args": {"in_features": 784, "out_features": 10}}],
              "loss": "CrossEntropyLoss",
              "optimizer": {"type": "SGD", "args": {"lr": 0.01, "momentum": 0.9, "betas": [0.9, 0.99]}},
              "trainer": {"epochs": 3, "save_dir": "out", "train_samples": 100}
            }""";

    @Test
    void aGoodConfigReadsIntoItsParts() {
        TrainConfig c = TrainConfigParser.parse(GOOD, "good.json");
        assertEquals("mlp", c.name());
        assertEquals(7, c.seed());
        assertEquals(new TrainConfig.Component("FashionMNIST", Map.of("root", "data"), "dataset"), c.dataset());
        assertEquals(new TrainConfig.Loader(32, true, 2, false), c.dataLoader());
        assertEquals(List.of("Flatten", "Linear"), c.arch().stream().map(TrainConfig.Component::type).toList());
        assertEquals(Map.of("in_features", 784, "out_features", 10), c.arch().get(1).args());
        assertEquals("arch[1]", c.arch().get(1).field());
        assertEquals("CrossEntropyLoss", c.loss().type());
        assertEquals(Map.of("lr", 0.01, "momentum", 0.9, "betas", List.of(0.9, 0.99)), c.optimizer().args());
        assertEquals(new TrainConfig.Trainer(3, Path.of("out"), 100, 0), c.trainer());
        assertEquals(Path.of("out", "mlp"), c.runDir());
    }

    private static String with(String from, String to) {
        String s = GOOD.replace(from, to);
        if (s.equals(GOOD)) throw new AssertionError("no '" + from + "' in the config");
        return s;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "\"seed\": 7|\"seed\": 7, \"epoch\": 3|epoch|unknown field; valid: arch, data_loader, dataset, loss, name, optimizer, seed, trainer",
            "\"name\": \"mlp\",||name|missing (required)",
            "\"name\": \"mlp\"|\"name\": \"../x\"|name|must be a plain folder name, found \"../x\"",
            "\"seed\": 7|\"seed\": 7.5|seed|must be an integer, found 7.5 (number)",
            "\"batch_size\": 32|\"batch_size\": 0|data_loader.batch_size|must be at least 1, found 0",
            "\"batch_size\": 32|\"batch_size\": \"32\"|data_loader.batch_size|must be an integer, found \"32\" (string)",
            "\"shuffle\": true|\"shuffle\": 1|data_loader.shuffle|must be true or false, found 1 (number)",
            "\"num_workers\": 2|\"workers\": 2|data_loader.workers|unknown field; valid: batch_size, drop_last, num_workers, shuffle",
            "{\"type\": \"Flatten\"}|{\"typ\": \"Flatten\"}|arch[0].typ|unknown field; valid: args, type",
            "{\"type\": \"Flatten\"}|{\"args\": {}}|arch[0].type|missing (required)",
            "{\"type\": \"Flatten\"}|7|arch[0]|must be {\"type\": NAME, \"args\": {...}} or a type name, found 7 (number)",
            "\"args\": {\"lr\": 0.01, \"momentum\": 0.9, \"betas\": [0.9, 0.99]}|\"args\": 5|optimizer.args|must be an object of keyword arguments, found 5 (number)",
            "\"epochs\": 3|\"epochs\": -1|trainer.epochs|must be at least 1, found -1",
            "\"epochs\": 3, ||trainer.epochs|missing (required)",
            "\"args\": {\"root\": \"data\"}|\"args\": {\"root\": \"data\", \"train\": false}|dataset.args.train|is set by the trainer",
    })
    void aBadFieldIsNamedWithTheReason(String from, String to, String field, String reason) {
        ConfigException e = assertThrows(ConfigException.class, () -> TrainConfigParser.parse(with(from, to == null ? "" : to), "c.json"));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith("c.json: " + field + ": " + reason), e.getMessage());
    }

    @Test
    void anEmptyArchAndBadJsonAreNamed() {
        var e = assertThrows(ConfigException.class, () -> TrainConfigParser.parse(GOOD.replaceAll("(?s)\"arch\": \\[.*?}}],", "\"arch\": [],"), "c.json"));
        assertEquals("arch", e.field(), e.getMessage());
        e = assertThrows(ConfigException.class, () -> TrainConfigParser.parse("{\"name\": \"x\",}", "c.json"));
        assertEquals("json", e.field());
        assertTrue(e.getMessage().contains("at line 1, column"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> TrainConfigParser.parse("[]", "c.json"));
        assertEquals("c.json: config: must be a JSON object", e.getMessage());
        e = assertThrows(ConfigException.class, () -> TrainConfigParser.parse(Path.of("/no/such/config.json")));
        assertEquals("/no/such/config.json: file: no such file", e.getMessage());
    }
}
