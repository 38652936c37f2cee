package dev.kiln.core.io.safetensors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validated JSON header of a safetensors file: its tensor entries in data order and its
 * {@code __metadata__} strings.
 *
 * <p>{@link #parse} checks everything the format demands before any tensor data is read or allocated:
 * strict UTF-8, one JSON object with no duplicate keys, known dtypes, non-negative integer dims, offsets
 * inside the data buffer, each range exactly {@code numel * element size} bytes, and ranges that (sorted
 * by offset) tile the data buffer with no overlap, no hole and nothing after the last one. The format
 * demands the last two so that a file cannot smuggle bytes that no tensor accounts for.
 *
 * @param entries  tensors ordered by their position in the data buffer
 * @param metadata the {@code __metadata__} object (empty when absent), in file order
 */
public record SafetensorsHeader(List<SafetensorsEntry> entries, Map<String, String> metadata) {

    /** The reserved key of the metadata object. */
    public static final String METADATA_KEY = "__metadata__";
    /** Headers longer than this are refused (the reference implementation's limit, 100 MB). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** The header is padded with spaces so the data buffer starts at a multiple of this. */
    static final int ALIGNMENT = 8;

    private static final Set<String> ENTRY_FIELDS = Set.of("dtype", "shape", "data_offsets");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    public SafetensorsHeader {
        entries = List.copyOf(entries);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** Bytes of the data buffer the entries cover. */
    public long dataBytes() { return entries.isEmpty() ? 0 : entries.getLast().end(); }

    // ------------------------------------------------------------------ parsing

    /**
     * Parses and validates a header.
     *
     * @param bytes      the header's bytes (the {@code N} bytes after the 8-byte length)
     * @param source     the file, for messages
     * @param dataLength bytes of the file after the header: the data buffer the offsets index
     */
    public static SafetensorsHeader parse(byte[] bytes, String source, long dataLength) throws SafetensorsFormatException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SafetensorsFormatException(source, "header: not valid UTF-8 (" + e.getMessage() + ")");
        }
        if (text.isEmpty() || text.charAt(0) != '{') {
            throw new SafetensorsFormatException(source, "header: must be a JSON object starting with '{', found "
                    + (text.isEmpty() ? "nothing" : quoteStart(text)));
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new SafetensorsFormatException(source, "header: invalid JSON: " + e.getOriginalMessage()
                    + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr()));
        }
        if (!(root instanceof ObjectNode object)) {
            throw new SafetensorsFormatException(source, "header: must be a JSON object, found " + root.getNodeType());
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<SafetensorsEntry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                metadata = parseMetadata(field.getValue(), source);
            } else {
                entries.add(parseEntry(field.getKey(), field.getValue(), source, dataLength));
            }
        }
        entries.sort(Comparator.comparingLong(SafetensorsEntry::begin).thenComparingLong(SafetensorsEntry::end));
        checkTiling(entries, source, dataLength);
        return new SafetensorsHeader(entries, metadata);
    }

    private static String quoteStart(String text) {
        String head = text.length() > 20 ? text.substring(0, 20) + "..." : text;
        return "'" + head.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    private static Map<String, String> parseMetadata(JsonNode node, String source) throws SafetensorsFormatException {
        if (!node.isObject()) {
            throw new SafetensorsFormatException(source, METADATA_KEY + ": must be an object of strings, found " + node.getNodeType());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new SafetensorsFormatException(source, METADATA_KEY + "." + e.getKey()
                        + ": must be a string, found " + e.getValue().getNodeType());
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    private static SafetensorsEntry parseEntry(String name, JsonNode node, String source, long dataLength)
            throws SafetensorsFormatException {
        String where = "entry '" + name + "'";
        if (!node.isObject()) {
            throw new SafetensorsFormatException(source, where + ": must be an object with dtype, shape and data_offsets, found "
                    + node.getNodeType());
        }
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!ENTRY_FIELDS.contains(f)) {
                throw new SafetensorsFormatException(source, where + ": unknown field '" + f + "'; valid: dtype, shape, data_offsets");
            }
        }
        JsonNode dtypeNode = required(node, "dtype", where, source);
        if (!dtypeNode.isTextual()) {
            throw new SafetensorsFormatException(source, where + ": dtype must be a string, found " + dtypeNode.getNodeType());
        }
        SafetensorsDType code = SafetensorsDType.parse(dtypeNode.textValue(), where, source);

        JsonNode shapeNode = required(node, "shape", where, source);
        if (!shapeNode.isArray()) {
            throw new SafetensorsFormatException(source, where + ": shape must be an array of non-negative integers, found "
                    + shapeNode.getNodeType());
        }
        int[] shape = new int[shapeNode.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = (int) nonNegative(shapeNode.get(i), Integer.MAX_VALUE, where + ": shape[" + i + "]", source);
            numel = multiply(numel, shape[i], where + ": shape " + shapeNode, source);
        }

        JsonNode offsets = required(node, "data_offsets", where, source);
        if (!offsets.isArray() || offsets.size() != 2) {
            throw new SafetensorsFormatException(source, where + ": data_offsets must be [begin, end], found " + offsets);
        }
        long begin = nonNegative(offsets.get(0), Long.MAX_VALUE, where + ": data_offsets[0]", source);
        long end = nonNegative(offsets.get(1), Long.MAX_VALUE, where + ": data_offsets[1]", source);
        if (begin > end) {
            throw new SafetensorsFormatException(source, where + ": data_offsets " + offsets + " begin after they end");
        }
        if (end > dataLength) {
            throw new SafetensorsFormatException(source, where + ": data_offsets " + offsets
                    + " lie outside the data buffer of " + dataLength + " bytes (truncated file?)");
        }
        long needed = multiply(numel, code.dtype().byteSize(), where + ": shape " + shapeNode, source);
        if (end - begin != needed) {
            throw new SafetensorsFormatException(source, where + ": data_offsets " + offsets + " hold " + (end - begin)
                    + " bytes but shape " + shapeNode + " of " + code + " needs " + needed);
        }
        return new SafetensorsEntry(name, code.dtype(), shape, begin, end);
    }

    private static JsonNode required(JsonNode node, String field, String where, String source) throws SafetensorsFormatException {
        JsonNode v = node.get(field);
        if (v == null) throw new SafetensorsFormatException(source, where + ": missing field '" + field + "'");
        return v;
    }

    private static long nonNegative(JsonNode v, long max, String where, String source) throws SafetensorsFormatException {
        if (!v.isIntegralNumber()) {
            throw new SafetensorsFormatException(source, where + ": must be a non-negative integer, found " + v);
        }
        var big = v.bigIntegerValue();
        if (big.signum() < 0 || big.bitLength() > 63 || big.longValue() > max) {
            throw new SafetensorsFormatException(source, where + ": " + big + " is outside 0.." + max);
        }
        return big.longValue();
    }

    private static long multiply(long a, long b, String where, String source) throws SafetensorsFormatException {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new SafetensorsFormatException(source, where + ": the size overflows 64 bits");
        }
    }

    /** The sorted ranges must cover [0, dataLength) exactly: no overlap, no hole, no trailing bytes. */
    private static void checkTiling(List<SafetensorsEntry> sorted, String source, long dataLength) throws SafetensorsFormatException {
        long at = 0;
        SafetensorsEntry previous = null;
        for (SafetensorsEntry e : sorted) {
            if (e.begin() < at) {
                throw new SafetensorsFormatException(source, "entry '" + e.name() + "': data_offsets [" + e.begin() + ", "
                        + e.end() + "] overlap entry '" + previous.name() + "' [" + previous.begin() + ", " + previous.end() + "]");
            }
            if (e.begin() > at) {
                throw new SafetensorsFormatException(source, "data buffer: bytes [" + at + ", " + e.begin()
                        + ") belong to no entry (before entry '" + e.name() + "'); the format allows no holes");
            }
            at = e.end();
            if (e.byteSize() > 0 || previous == null) previous = e;
        }
        if (at != dataLength) {
            throw new SafetensorsFormatException(source, "data buffer: " + (dataLength - at) + " trailing bytes after the last entry's end "
                    + at + " (the data buffer has " + dataLength + " bytes); the format allows none");
        }
    }

    // ------------------------------------------------------------------ encoding

    /**
     * The header's bytes as written: {@code __metadata__} first (when not empty), then the entries in
     * order, padded with spaces so that {@code 8 + length} is a multiple of 8.
     */
    public byte[] encode() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(METADATA_KEY);
            metadata.forEach(meta::put);
        }
        for (SafetensorsEntry e : entries) {
            ObjectNode o = root.putObject(e.name());
            o.put("dtype", SafetensorsDType.of(e.dtype()).name());
            ArrayNode shape = o.putArray("shape");
            for (int s : e.shape()) shape.add(s);
            o.putArray("data_offsets").add(e.begin()).add(e.end());
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("safetensors: cannot encode the header", e);
        }
        int padded = (json.length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        byte[] out = java.util.Arrays.copyOf(json, padded);
        java.util.Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }
}
