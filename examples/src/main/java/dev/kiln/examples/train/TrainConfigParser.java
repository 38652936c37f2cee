package dev.kiln.examples.train;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a {@link TrainConfig} from JSON and checks its shape: required fields present, every value of the
 * right JSON type and range, no unknown field (a typo such as {@code "epoch"} fails instead of being
 * ignored). Whether the named types exist and their arguments fit is checked next, by
 * {@link ComponentResolver}, still before any training.
 */
public final class TrainConfigParser {
    private TrainConfigParser() {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonParser.Feature.ALLOW_COMMENTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final Set<String> TOP = Set.of("name", "seed", "dataset", "data_loader", "arch", "loss", "optimizer", "trainer");
    private static final Set<String> COMPONENT = Set.of("type", "args");
    private static final Set<String> LOADER = Set.of("batch_size", "shuffle", "num_workers", "drop_last");
    private static final Set<String> TRAINER = Set.of("epochs", "save_dir", "train_samples", "test_samples");

    /** Reads and checks the config file. */
    public static TrainConfig parse(Path file) throws IOException {
        String source = file.toString();
        if (!Files.isRegularFile(file)) throw new ConfigException(source, "file", "no such file");
        return parse(Files.readString(file), source);
    }

    /**
     * Reads and checks a config.
     *
     * @param text   the JSON
     * @param source a name for messages (the file)
     */
    public static TrainConfig parse(String text, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new ConfigException(source, "json", "invalid JSON: " + e.getOriginalMessage()
                    + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr()));
        }
        if (root == null || !root.isObject()) throw new ConfigException(source, "config", "must be a JSON object");
        Reader r = new Reader(source);
        r.onlyKnown(root, "", TOP);
        String name = r.string(root, "name", null);
        if (name.isBlank() || name.contains("/") || name.contains("\\") || name.equals("..") || name.equals(".")) {
            throw new ConfigException(source, "name", "must be a plain folder name, found \"" + name + "\"");
        }
        long seed = root.has("seed") ? r.integer(root, "seed", null, Long.MIN_VALUE, Long.MAX_VALUE) : 0;
        TrainConfig.Component dataset = r.component(root, "dataset");
        TrainConfig.Loader loader = r.loader(root.get("data_loader"));
        List<TrainConfig.Component> arch = r.arch(root);
        TrainConfig.Component loss = r.component(root, "loss");
        TrainConfig.Component optimizer = r.component(root, "optimizer");
        TrainConfig.Trainer trainer = r.trainer(root);
        if (dataset.args().containsKey("train")) {
            throw new ConfigException(source, "dataset.args.train",
                    "is set by the trainer (it loads the train split to train and the test split to evaluate); remove it");
        }
        return new TrainConfig(name, seed, dataset, loader, arch, loss, optimizer, trainer, root.toString());
    }

    /** Typed access to the JSON with messages naming the field. */
    private record Reader(String source) {

        void onlyKnown(JsonNode node, String prefix, Set<String> known) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!known.contains(f)) {
                    throw new ConfigException(source, prefix + f, "unknown field; valid: " + String.join(", ", new TreeSet<>(known)));
                }
            }
        }

        JsonNode required(JsonNode parent, String key, String path) {
            JsonNode v = parent.get(key);
            if (v == null || v.isNull()) throw new ConfigException(source, path, "missing (required)");
            return v;
        }

        String string(JsonNode parent, String key, String prefix) {
            String path = prefix == null ? key : prefix + "." + key;
            JsonNode v = required(parent, key, path);
            if (!v.isTextual()) throw new ConfigException(source, path, "must be a string, found " + show(v));
            return v.textValue();
        }

        long integer(JsonNode parent, String key, String prefix, long min, long max) {
            String path = prefix == null ? key : prefix + "." + key;
            JsonNode v = required(parent, key, path);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw new ConfigException(source, path, "must be an integer, found " + show(v));
            }
            long x = v.longValue();
            if (x < min || x > max) {
                throw new ConfigException(source, path, "must be " + (max == Integer.MAX_VALUE ? "at least " + min : "in " + min + ".." + max)
                        + ", found " + x);
            }
            return x;
        }

        boolean bool(JsonNode parent, String key, String prefix) {
            String path = prefix + "." + key;
            JsonNode v = required(parent, key, path);
            if (!v.isBoolean()) throw new ConfigException(source, path, "must be true or false, found " + show(v));
            return v.booleanValue();
        }

        /** {@code {"type": "...", "args": {...}}}, or just the type name as a string. */
        TrainConfig.Component componentNode(JsonNode node, String path) {
            if (node == null || node.isNull()) throw new ConfigException(source, path, "missing (required)");
            if (node.isTextual()) return new TrainConfig.Component(node.textValue(), Map.of(), path);
            if (!node.isObject()) {
                throw new ConfigException(source, path, "must be {\"type\": NAME, \"args\": {...}} or a type name, found " + show(node));
            }
            onlyKnown(node, path + ".", COMPONENT);
            String type = string(node, "type", path);
            Map<String, Object> args = new LinkedHashMap<>();
            JsonNode a = node.get("args");
            if (a != null && !a.isNull()) {
                if (!a.isObject()) throw new ConfigException(source, path + ".args", "must be an object of keyword arguments, found " + show(a));
                for (Map.Entry<String, JsonNode> e : ((ObjectNode) a).properties()) {
                    args.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class));
                }
            }
            return new TrainConfig.Component(type, args, path);
        }


        TrainConfig.Component component(JsonNode root, String key) { return componentNode(root.get(key), key); }

        TrainConfig.Loader loader(JsonNode node) {
            String p = "data_loader";
            if (node == null || node.isNull()) throw new ConfigException(source, p, "missing (required)");
            if (!node.isObject()) throw new ConfigException(source, p, "must be an object, found " + show(node));
            onlyKnown(node, p + ".", LOADER);
            int batch = (int) integer(node, "batch_size", p, 1, Integer.MAX_VALUE);
            boolean shuffle = node.has("shuffle") && bool(node, "shuffle", p);
            int workers = node.has("num_workers") ? (int) integer(node, "num_workers", p, 0, 256) : 0;
            boolean dropLast = node.has("drop_last") && bool(node, "drop_last", p);
            return new TrainConfig.Loader(batch, shuffle, workers, dropLast);
        }

        List<TrainConfig.Component> arch(JsonNode root) {
            JsonNode node = required(root, "arch", "arch");
            if (!node.isArray() || node.isEmpty()) {
                throw new ConfigException(source, "arch", "must be a non-empty list of layers {\"type\": NAME, \"args\": {...}}, found " + show(node));
            }
            List<TrainConfig.Component> out = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) out.add(componentNode(node.get(i), "arch[" + i + "]"));
            return List.copyOf(out);
        }

        TrainConfig.Trainer trainer(JsonNode root) {
            String p = "trainer";
            JsonNode node = required(root, p, p);
            if (!node.isObject()) throw new ConfigException(source, p, "must be an object, found " + show(node));
            onlyKnown(node, p + ".", TRAINER);
            int epochs = (int) integer(node, "epochs", p, 1, Integer.MAX_VALUE);
            Path saveDir = Path.of(node.has("save_dir") ? string(node, "save_dir", p) : "saved");
            int train = node.has("train_samples") ? (int) integer(node, "train_samples", p, 0, Integer.MAX_VALUE) : 0;
            int test = node.has("test_samples") ? (int) integer(node, "test_samples", p, 0, Integer.MAX_VALUE) : 0;
            return new TrainConfig.Trainer(epochs, saveDir, train, test);
        }

        private static String show(JsonNode v) {
            String s = v.toString();
            return (s.length() > 40 ? s.substring(0, 40) + "..." : s) + " (" + v.getNodeType().toString().toLowerCase() + ")";
        }
    }
}
