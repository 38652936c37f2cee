package dev.kiln.core.io.safetensors;

import dev.kiln.DType;
import dev.kiln.Kiln;
import dev.kiln.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Truncated, malformed and hostile safetensors files each fail with a {@link SafetensorsFormatException}
 * naming the file, the entry or field, and the problem; a failed save leaves the target as it was.
 */
class SafetensorsBadFileTest {

    @TempDir
    Path dir;

    /** The 8-byte length, the header as given, then the data. */
    private static byte[] file(long headerLength, String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(headerLength).put(h).array();
    }

    private static byte[] file(String header, int dataBytes) {
        return file(header.getBytes(StandardCharsets.UTF_8).length, header, dataBytes);
    }

    private static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    static Stream<Arguments> badFiles() {
        String w = entry("w", "F32", "[2,2]", 0, 16);
        return Stream.of(
                Arguments.of("shorter than the length", new byte[5],
                        "truncated: 5 bytes, fewer than the 8-byte header length"),
                Arguments.of("huge header length", file(1L << 40, "{}", 0),
                        "header length 1099511627776 exceeds the limit of 100000000 bytes"),
                Arguments.of("header length with the top bit set", file(-2L, "{}", 0),
                        "header length 18446744073709551614 exceeds the limit"),
                Arguments.of("truncated header", file(200, "{\"w\":", 0),
                        "truncated: the header length is 200 bytes but only 5 follow the 8-byte length"),
                Arguments.of("bad JSON", file("{\"w\":{\"dtype\":\"F32\",}", 0),
                        "header: invalid JSON: "),
                Arguments.of("not an object", file("[1, 2, 3]", 0),
                        "header: must be a JSON object starting with '{', found '[1, 2, 3]'"),
                Arguments.of("trailing JSON", file("{}{}", 0), "header: invalid JSON"),
                Arguments.of("duplicate key", file("{" + w + "," + w + "}", 16), "header: invalid JSON: Duplicate field 'w'"),
                Arguments.of("unknown dtype", file("{" + entry("w", "F33", "[2,2]", 0, 16) + "}", 16),
                        "entry 'w': unknown dtype \"F33\"; valid: BOOL, U8, I8, I16, I32, I64, F16, BF16, F32, F64"),
                Arguments.of("unsupported dtype", file("{" + entry("w", "U16", "[2]", 0, 4) + "}", 4),
                        "entry 'w': dtype \"U16\" is a safetensors dtype Kiln does not support"),
                Arguments.of("missing shape", file("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4),
                        "entry 'w': missing field 'shape'"),
                Arguments.of("unknown field", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}", 4),
                        "entry 'w': unknown field 'x'; valid: dtype, shape, data_offsets"),
                Arguments.of("negative dim", file("{" + entry("w", "F32", "[2,-2]", 0, 16) + "}", 16),
                        "entry 'w': shape[1]: -2 is outside 0..2147483647"),
                Arguments.of("fractional dim", file("{" + entry("w", "F32", "[2.5]", 0, 10) + "}", 10),
                        "entry 'w': shape[0]: must be a non-negative integer, found 2.5"),
                Arguments.of("overflowing shape", file("{" + entry("w", "F64", "[2147483647,2147483647,2147483647]", 0, 8) + "}", 8),
                        "entry 'w': shape [2147483647,2147483647,2147483647]: the size overflows 64 bits"),
                Arguments.of("offsets outside the data", file("{" + w + "}", 12),
                        "entry 'w': data_offsets [0,16] lie outside the data buffer of 12 bytes (truncated file?)"),
                Arguments.of("size mismatch", file("{" + entry("w", "F32", "[2,2]", 0, 12) + "}", 12),
                        "entry 'w': data_offsets [0,12] hold 12 bytes but shape [2,2] of F32 needs 16"),
                Arguments.of("offsets reversed", file("{" + entry("w", "F32", "[0]", 8, 4) + "}", 8),
                        "entry 'w': data_offsets [8,4] begin after they end"),
                Arguments.of("overlap", file("{" + w + "," + entry("v", "F32", "[2]", 8, 16) + "}", 16),
                        "entry 'v': data_offsets [8, 16] overlap entry 'w' [0, 16]"),
                Arguments.of("hole", file("{" + entry("w", "F32", "[2]", 0, 8) + "," + entry("v", "F32", "[1]", 12, 16) + "}", 16),
                        "data buffer: bytes [8, 12) belong to no entry (before entry 'v'); the format allows no holes"),
                Arguments.of("trailing bytes", file("{" + w + "}", 20),
                        "data buffer: 4 trailing bytes after the last entry's end 16 (the data buffer has 20 bytes)"),
                Arguments.of("metadata not strings", file("{\"__metadata__\":{\"epoch\":3}}", 0),
                        "__metadata__.epoch: must be a string, found NUMBER"),
                Arguments.of("entry not an object", file("{\"w\":[1]}", 0),
                        "entry 'w': must be an object with dtype, shape and data_offsets, found ARRAY"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void failsNamingTheFileAndTheProblem(String what, byte[] bytes, String expected) throws IOException {
        Path file = dir.resolve("bad.safetensors");
        Files.write(file, bytes);
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> Kiln.load(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        // the header alone is refused the same way
        assertThrows(SafetensorsFormatException.class, () -> Kiln.loadMetadata(file));
    }

    @Test
    void invalidUtf8InTheHeaderIsNamed() throws IOException {
        byte[] h = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
        byte[] bytes = ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).array();
        Path file = dir.resolve("utf.safetensors");
        Files.write(file, bytes);
        var e = assertThrows(SafetensorsFormatException.class, () -> Kiln.load(file));
        assertTrue(e.getMessage().contains("header: not valid UTF-8"), e.getMessage());
    }

    @Test
    void everyTruncationOfAGoodFileFails() throws IOException {
        Path good = dir.resolve("good.safetensors");
        Kiln.save(Map.of("a", Tensor.of(1f, 2f, 3f), "b", Tensor.of(4L)), good);
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.safetensors");
        for (int n = 0; n < bytes.length; n++) {
            Files.write(cut, java.util.Arrays.copyOf(bytes, n));
            assertThrows(SafetensorsFormatException.class, () -> Kiln.load(cut), "cut to " + bytes.length + " - " + (bytes.length - n));
        }
    }

    // ------------------------------------------------------------------ failed saves

    private Path existingTarget() throws IOException {
        Path target = dir.resolve("model.safetensors");
        Kiln.save(Map.of("kept", Tensor.of(1f, 2f)), target);
        return target;
    }

    private void assertUnchanged(Path target, byte[] before) throws IOException {
        assertArrayEquals(before, Files.readAllBytes(target), "the target is unchanged");
        try (var files = Files.list(target.getParent())) {
            assertEquals(List.of(target.getFileName().toString()),
                    files.map(p -> p.getFileName().toString()).toList(), "no temporary file is left");
        }
    }

    @Test
    void aReservedNameIsRefusedBeforeTheDiskIsTouched() throws IOException {
        Path target = existingTarget();
        byte[] before = Files.readAllBytes(target);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Kiln.save(Map.of("__metadata__", Tensor.of(1f)), target));
        assertEquals("save: '__metadata__' is reserved for metadata and cannot name a tensor", e.getMessage());
        Map<String, Tensor> withNull = new LinkedHashMap<>();
        withNull.put("w", null);
        assertEquals("save: tensor 'w' is null",
                assertThrows(IllegalArgumentException.class, () -> Kiln.save(withNull, target)).getMessage());
        assertUnchanged(target, before);
    }

    @Test
    void aSaveThatFailsHalfwayLeavesTheOldFile() throws IOException {
        Path target = existingTarget();
        byte[] before = Files.readAllBytes(target);
        // a tensor that answers its shape but whose data cannot be read: the failure comes mid-write
        Tensor broken = (Tensor) Proxy.newProxyInstance(Tensor.class.getClassLoader(), new Class<?>[]{Tensor.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "numel" -> 4L;
                    case "dtype" -> DType.FLOAT32;
                    case "shape" -> new int[]{4};
                    default -> throw new IllegalStateException("the device went away");
                });
        Map<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("ok", Tensor.ones(1000));
        sd.put("broken", broken);
        assertThrows(IllegalArgumentException.class, () -> Kiln.save(sd, target));
        assertUnchanged(target, before);
    }

    @Test
    void aReadOnlyFolderLeavesTheOldFile() throws IOException {
        Path target = existingTarget();
        byte[] before = Files.readAllBytes(target);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(dir), "running as root: a read-only folder is still writable");
            var e = assertThrows(IOException.class, () -> Kiln.save(Map.of("new", Tensor.of(3f)), target));
            assertTrue(e.getMessage().startsWith("save: cannot write " + target.toAbsolutePath()), e.getMessage());
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        assertUnchanged(target, before);
    }

    @Test
    void aMissingFolderIsAnIoError() {
        Path target = dir.resolve("no/such/folder/model.safetensors");
        var e = assertThrows(IOException.class, () -> Kiln.save(Map.of("w", Tensor.of(1f)), target));
        assertTrue(e.getMessage().startsWith("save: cannot write " + target), e.getMessage());
    }
}
