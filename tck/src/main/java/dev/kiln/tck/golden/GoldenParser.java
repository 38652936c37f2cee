package dev.kiln.tck.golden;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.kiln.DType;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses and validates one golden case file against schema {@code golden/1}. */
final class GoldenParser {
    static final String SCHEMA = "golden/1";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // Python's json writes NaN / Infinity
            .build();

    private final String source;

    private GoldenParser(String source) {
        this.source = source;
    }

    /** Parses the case in {@code in}; {@code source} names it in messages. */
    static GoldenCase parse(String source, InputStream in) throws GoldenSchemaException {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (JsonParseException e) {
            throw new GoldenSchemaException(source, "", "not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new GoldenSchemaException(source, "", "cannot be read: " + e);
        }
        if (root == null || root.isMissingNode()) throw new GoldenSchemaException(source, "", "is empty");
        return new GoldenParser(source).parseCase(root);
    }

    private GoldenCase parseCase(JsonNode root) throws GoldenSchemaException {
        if (!root.isObject()) throw error("", "the top level must be a JSON object");
        String schema = text(root, "schema");
        if (!SCHEMA.equals(schema)) throw error("schema", "expected \"" + SCHEMA + "\", got \"" + schema + "\"");
        String name = text(root, "name");
        if (name.isBlank()) throw error("name", "must not be blank");
        String op = text(root, "op");
        if (op.isBlank()) throw error("op", "must not be blank");

        JsonNode inputsNode = require(root, "inputs", "inputs");
        if (!inputsNode.isArray() || inputsNode.isEmpty()) throw error("inputs", "must be a non-empty array");
        List<GoldenCase.Input> inputs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < inputsNode.size(); i++) {
            GoldenCase.Input in = input(inputsNode.get(i), "inputs[" + i + "]");
            if (!names.add(in.name())) throw error("inputs[" + i + "].name", "duplicate input name '" + in.name() + "'");
            inputs.add(in);
        }

        Kwargs kwargs = Kwargs.empty();
        JsonNode kw = root.get("kwargs");
        if (kw != null && !kw.isNull()) {
            if (!kw.isObject()) throw error("kwargs", "must be an object");
            Map<String, Object> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = kw.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey(), plain(e.getValue(), "kwargs." + e.getKey()));
            }
            kwargs = new Kwargs(map);
        }

        GoldenCase.TensorData output = tensor(require(root, "output", "output"), "output");
        JsonNode go = root.get("grad_output");
        GoldenCase.TensorData gradOutput = go == null || go.isNull() ? null : tensor(go, "grad_output");
        if (gradOutput != null && !Arrays.equals(gradOutput.shape(), output.shape())) {
            throw error("grad_output.shape", "is " + Arrays.toString(gradOutput.shape())
                    + " but output.shape is " + Arrays.toString(output.shape()));
        }

        Map<String, GoldenCase.TensorData> grads = new LinkedHashMap<>();
        JsonNode gradsNode = root.get("grads");
        if (gradsNode != null && !gradsNode.isNull()) {
            if (!gradsNode.isObject()) throw error("grads", "must be an object of input name to tensor");
            for (Iterator<Map.Entry<String, JsonNode>> it = gradsNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String field = "grads." + e.getKey();
                GoldenCase.Input in = inputs.stream().filter(x -> x.name().equals(e.getKey())).findFirst()
                        .orElseThrow(() -> error(field, "names no input (inputs: " + names + ")"));
                if (!in.requiresGrad()) throw error(field, "input '" + in.name() + "' does not have requires_grad");
                GoldenCase.TensorData g = tensor(e.getValue(), field);
                if (!Arrays.equals(g.shape(), in.stored().shape())) {
                    throw error(field + ".shape", "is " + Arrays.toString(g.shape()) + " but the stored input is "
                            + Arrays.toString(in.stored().shape()));
                }
                grads.put(e.getKey(), g);
            }
        }

        JsonNode tol = require(root, "tolerance", "tolerance");
        if (!tol.isObject()) throw error("tolerance", "must be an object with rtol and atol");
        double rtol = nonNegative(tol, "rtol", "tolerance.rtol");
        double atol = nonNegative(tol, "atol", "tolerance.atol");
        return new GoldenCase(source, name, op, inputs, kwargs, output, gradOutput, grads,
                new GoldenCase.Tolerance(rtol, atol));
    }

    private GoldenCase.Input input(JsonNode node, String field) throws GoldenSchemaException {
        if (node == null || !node.isObject()) throw error(field, "must be an object");
        String name = text(node, "name", field + ".name");
        GoldenCase.TensorData stored = tensor(node, field);
        boolean requiresGrad = false;
        JsonNode rg = node.get("requires_grad");
        if (rg != null && !rg.isNull()) {
            if (!rg.isBoolean()) throw error(field + ".requires_grad", "must be true or false, got " + rg);
            requiresGrad = rg.booleanValue();
        }
        GoldenCase.View view = null;
        JsonNode v = node.get("view");
        if (v != null && !v.isNull()) view = view(v, field + ".view", stored.shape().length);
        return new GoldenCase.Input(name, stored, requiresGrad, view);
    }

    private GoldenCase.View view(JsonNode node, String field, int rank) throws GoldenSchemaException {
        if (!node.isObject() || node.size() != 1) {
            throw error(field, "must be {\"transpose\": [d0, d1]} or {\"permute\": [...]}, got " + node);
        }
        String key = node.fieldNames().next();
        GoldenCase.View.Kind kind = switch (key) {
            case "transpose" -> GoldenCase.View.Kind.TRANSPOSE;
            case "permute" -> GoldenCase.View.Kind.PERMUTE;
            default -> throw error(field, "unknown view '" + key + "' (expected transpose or permute)");
        };
        int[] dims = ints(node.get(key), field + "." + key);
        if (kind == GoldenCase.View.Kind.TRANSPOSE && dims.length != 2) {
            throw error(field + ".transpose", "needs exactly two dims, got " + Arrays.toString(dims));
        }
        for (int d : dims) {
            if (d < -rank || d >= rank) {
                throw error(field + "." + key, "dim " + d + " is out of range for a " + rank + "-d input");
            }
        }
        if (kind == GoldenCase.View.Kind.PERMUTE) {
            boolean[] seen = new boolean[rank];
            if (dims.length != rank) throw error(field + ".permute", "must list all " + rank + " dims, got " + Arrays.toString(dims));
            for (int d : dims) {
                int k = d < 0 ? d + rank : d;
                if (seen[k]) throw error(field + ".permute", Arrays.toString(dims) + " is not a permutation");
                seen[k] = true;
            }
        }
        return new GoldenCase.View(kind, dims);
    }

    private GoldenCase.TensorData tensor(JsonNode node, String field) throws GoldenSchemaException {
        if (node == null || !node.isObject()) throw error(field, "must be an object with dtype, shape and data");
        String dtypeName = text(node, "dtype", field + ".dtype");
        DType dtype;
        try {
            dtype = DType.fromTorchName(dtypeName);
        } catch (IllegalArgumentException e) {
            throw error(field + ".dtype", e.getMessage());
        }
        int[] shape = ints(require(node, "shape", field + ".shape"), field + ".shape");
        long numel = 1;
        for (int s : shape) {
            if (s < 0) throw error(field + ".shape", "has a negative size: " + Arrays.toString(shape));
            numel *= s;
            if (numel > Integer.MAX_VALUE) throw error(field + ".shape", Arrays.toString(shape) + " is too large");
        }
        JsonNode data = require(node, "data", field + ".data");
        if (!data.isArray()) throw error(field + ".data", "must be an array of numbers");
        if (data.size() != numel) {
            throw error(field + ".data", "has " + data.size() + " values but shape " + Arrays.toString(shape)
                    + " needs " + numel);
        }
        double[] values = new double[data.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode x = data.get(i);
            if (x.isNumber()) values[i] = x.doubleValue();
            else if (x.isBoolean()) values[i] = x.booleanValue() ? 1 : 0;
            else throw error(field + ".data[" + i + "]", "must be a number, got " + x);
        }
        return new GoldenCase.TensorData(dtype, shape, values);
    }

    private int[] ints(JsonNode node, String field) throws GoldenSchemaException {
        if (node == null || !node.isArray()) throw error(field, "must be an array of integers, got " + node);
        int[] out = new int[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode x = node.get(i);
            if (!x.isIntegralNumber() || !x.canConvertToInt()) {
                throw error(field + "[" + i + "]", "must be an integer, got " + x);
            }
            out[i] = x.intValue();
        }
        return out;
    }

    private Object plain(JsonNode node, String field) throws GoldenSchemaException {
        if (node.isNull()) return null;
        if (node.isBoolean()) return node.booleanValue();
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) throw error(field, "integer out of range: " + node);
            return node.longValue();
        }
        if (node.isNumber()) return node.doubleValue();
        if (node.isTextual()) return node.textValue();
        if (node.isArray()) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) out.add(plain(node.get(i), field + "[" + i + "]"));
            return out;
        }
        throw error(field, "must be a number, boolean, string, null or array, got " + node);
    }

    private double nonNegative(JsonNode parent, String key, String field) throws GoldenSchemaException {
        JsonNode n = require(parent, key, field);
        if (!n.isNumber() || !(n.doubleValue() >= 0) || Double.isInfinite(n.doubleValue())) {
            throw error(field, "must be a finite non-negative number, got " + n);
        }
        return n.doubleValue();
    }

    private String text(JsonNode parent, String key) throws GoldenSchemaException {
        return text(parent, key, key);
    }

    private String text(JsonNode parent, String key, String field) throws GoldenSchemaException {
        JsonNode n = require(parent, key, field);
        if (!n.isTextual()) throw error(field, "must be a string, got " + n);
        return n.textValue();
    }

    private JsonNode require(JsonNode parent, String key, String field) throws GoldenSchemaException {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) throw error(field, "is missing");
        return n;
    }

    private GoldenSchemaException error(String field, String problem) {
        return new GoldenSchemaException(source, field, problem);
    }
}
