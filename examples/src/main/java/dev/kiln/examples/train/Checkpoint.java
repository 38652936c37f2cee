package dev.kiln.examples.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kiln.Kiln;
import dev.kiln.Tensor;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training checkpoint: the model's state dict, the optimizer's state dict and the epoch it ends, as two
 * files side by side: {@code checkpoint-epochK.safetensors} (every tensor: {@code model.<name>} and
 * {@code optimizer.state.<index>.<key>}) and {@code checkpoint-epochK.json} (the epoch, the config, the
 * optimizer's non-tensor state with references to its tensors, and the per-epoch history). The JSON is
 * written last, after the tensors, and both atomically, so a checkpoint whose JSON exists is complete.
 *
 * @param epoch          the last finished epoch (1-based)
 * @param model          the model's state dict
 * @param optimizer      the optimizer's state dict ({@code state}, {@code param_groups}) with its tensors
 * @param history        the results of epochs 1..epoch
 * @param configJson     the config the run was made with
 */
public record Checkpoint(int epoch, Map<String, Tensor> model, Map<String, Object> optimizer,
                         List<EpochResult> history, String configJson) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String MODEL = "model.";
    private static final String TENSOR_REF = "$tensor";

    /** The JSON file of the checkpoint ending {@code epoch} in {@code dir}. */
    public static Path jsonFile(Path dir, int epoch) { return dir.resolve("checkpoint-epoch" + epoch + ".json"); }

    private static Path tensorsFile(Path json) {
        String n = json.getFileName().toString();
        return json.resolveSibling(n.substring(0, n.length() - ".json".length()) + ".safetensors");
    }

    /** Writes this checkpoint into {@code dir}; returns the JSON file, the one to pass to {@code --resume}. */
    public Path save(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path json = jsonFile(dir, epoch);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.forEach((k, v) -> tensors.put(MODEL + k, v));
        Object optimizerJson = externalise(optimizer, "optimizer", tensors);
        Kiln.save(tensors, Map.of("format", "kiln-checkpoint", "epoch", Integer.toString(epoch)), tensorsFile(json));

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("epoch", epoch);
        doc.put("tensors", tensorsFile(json).getFileName().toString());
        doc.put("config", JSON.readTree(configJson));
        doc.put("optimizer", optimizerJson);
        List<Map<String, Object>> hist = new ArrayList<>();
        for (EpochResult r : history) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", r.epoch());
            m.put("train_loss", r.trainLoss());
            m.put("test_loss", r.testLoss());
            m.put("accuracy", r.accuracy());
            m.put("seconds", r.seconds());
            hist.add(m);
        }
        doc.put("history", hist);
        Path tmp = Files.createTempFile(dir, "." + json.getFileName(), ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), doc);
            try {
                Files.move(tmp, json, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, json, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return json;
    }

    /** Replaces tensors in a nested map/list structure by {@code {"$tensor": key}} and collects them. */
    private static Object externalise(Object v, String path, Map<String, Tensor> tensors) {
        if (v instanceof Tensor t) {
            tensors.put(path, t);
            return Map.of(TENSOR_REF, path);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                out.put(k, externalise(e.getValue(), path + "." + k, tensors));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) out.add(externalise(l.get(i), path + "." + i, tensors));
            return out;
        }
        if (v instanceof double[] a) return a.clone();
        return v;
    }

    /**
     * Reads a checkpoint from its JSON file or its safetensors file (the other is found beside it).
     *
     * @throws IOException naming the file when either is missing or malformed
     */
    public static Checkpoint load(Path file) throws IOException {
        String n = file.getFileName().toString();
        Path json = n.endsWith(".safetensors")
                ? file.resolveSibling(n.substring(0, n.length() - ".safetensors".length()) + ".json") : file;
        if (!Files.isRegularFile(json)) throw new IOException("checkpoint " + file + ": " + json + " does not exist");
        JsonNode doc;
        try {
            doc = JSON.readTree(json.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException("checkpoint " + json + ": invalid JSON: " + e.getOriginalMessage(), e);
        }
        if (doc == null || !doc.path("epoch").canConvertToInt() || !doc.path("epoch").isIntegralNumber()
                || !doc.path("config").isObject() || !doc.path("optimizer").isObject() || !doc.path("history").isArray()) {
            throw new IOException("checkpoint " + json + ": not a Kiln checkpoint (needs epoch, config, optimizer, history)");
        }
        Map<String, Tensor> tensors = Kiln.load(tensorsFile(json));
        Map<String, Tensor> model = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (k.startsWith(MODEL)) model.put(k.substring(MODEL.length()), v);
        });
        @SuppressWarnings("unchecked")
        Map<String, Object> optimizer = (Map<String, Object>) internalise(JSON.convertValue(doc.get("optimizer"), Object.class),
                tensors, json);
        List<EpochResult> history = new ArrayList<>();
        for (JsonNode h : doc.get("history")) {
            history.add(new EpochResult(h.path("epoch").asInt(), h.path("train_loss").asDouble(), h.path("test_loss").asDouble(),
                    h.path("accuracy").asDouble(), h.path("seconds").asDouble()));
        }
        return new Checkpoint(doc.get("epoch").intValue(), model, optimizer, history, doc.get("config").toString());
    }

    private static Object internalise(Object v, Map<String, Tensor> tensors, Path json) throws IOException {
        if (v instanceof Map<?, ?> m) {
            if (m.size() == 1 && m.get(TENSOR_REF) instanceof String key) {
                Tensor t = tensors.get(key);
                if (t == null) throw new IOException("checkpoint " + json + ": tensor '" + key + "' is missing from " + tensorsFile(json));
                return t;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put(String.valueOf(e.getKey()), internalise(e.getValue(), tensors, json));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(internalise(o, tensors, json));
            return out;
        }
        return v;
    }
}
