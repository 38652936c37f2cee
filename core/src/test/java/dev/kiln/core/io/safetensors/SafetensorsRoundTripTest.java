package dev.kiln.core.io.safetensors;

import dev.kiln.DType;
import dev.kiln.Kiln;
import dev.kiln.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code Kiln.save} then {@code Kiln.load} gives back every dtype, shape, layout and value, in order. */
class SafetensorsRoundTripTest {

    @TempDir
    Path dir;

    /** One tensor of each dtype, with awkward values, plus 0-d, empty and non-contiguous tensors. */
    private static Map<String, Tensor> everything() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("f32", Tensor.of(new float[][]{{1.5f, -0f, Float.MIN_VALUE}, {Float.MAX_VALUE, Float.NaN, Float.NEGATIVE_INFINITY}}));
        m.put("f64", Tensor.of(Math.PI, -1e-300, Double.MAX_VALUE));
        m.put("f16", Tensor.of(0.1f, -65504f, 6.1e-5f).to(DType.FLOAT16));
        m.put("bf16", Tensor.of(0.1f, -3.0e38f, 1.5f).to(DType.BFLOAT16));
        m.put("i64", Tensor.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L));
        m.put("i32", Tensor.of(Integer.MIN_VALUE, Integer.MAX_VALUE));
        m.put("i16", Tensor.of(-32768, 32767).to(DType.INT16));
        m.put("i8", Tensor.of(-128, 127).to(DType.INT8));
        m.put("u8", Tensor.of(0, 255).to(DType.UINT8));
        m.put("bool", Tensor.of(true, false, true));
        m.put("scalar", Tensor.scalar(-2.25));
        m.put("empty", Tensor.zeros(0, 3));
        m.put("empty.i64", Tensor.zeros(DType.INT64, 2, 0));
        m.put("transposed", Tensor.arange(0, 6, 1).reshape(2, 3).t());
        m.put("sliced", Tensor.arange(0, 10, 1).slice(0, 1, 9, 3));
        return m;
    }

    @Test
    void everyDtypeAndShapeComesBackIdentical() throws IOException {
        Map<String, Tensor> saved = everything();
        Path file = dir.resolve("all.safetensors");
        Kiln.save(saved, file);
        Map<String, Tensor> loaded = Kiln.load(file);
        assertEquals(List.copyOf(saved.keySet()), List.copyOf(loaded.keySet()), "file order = the map's order");
        for (var e : saved.entrySet()) {
            Tensor want = e.getValue();
            Tensor got = loaded.get(e.getKey());
            assertEquals(want.dtype(), got.dtype(), e.getKey());
            assertArrayEquals(want.shape(), got.shape(), e.getKey());
            if (want.numel() > 0) assertTrue(got.isContiguous(), e.getKey());
            switch (want.dtype().kind()) {
                // bit-exact, NaN and -0 included: compare raw doubles' bits
                case FLOAT -> assertArrayEquals(bits(want.toDoubleArray()), bits(got.toDoubleArray()), e.getKey());
                case INTEGER -> assertArrayEquals(want.toLongArray(), got.toLongArray(), e.getKey());
                case BOOL -> assertArrayEquals(want.toBooleanArray(), got.toBooleanArray(), e.getKey());
            }
        }
    }

    private static long[] bits(double[] v) {
        long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) b[i] = Double.doubleToRawLongBits(v[i]);
        return b;
    }

    @Test
    void theFileIsTheFormatLaidOutByHand() throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("w", Tensor.of(new float[][]{{1, 2}, {3, 4}}));
        m.put("b", Tensor.of(new long[]{7}));
        Path file = dir.resolve("small.safetensors");
        Kiln.save(m, Map.of("format", "pt"), file);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong(0);
        assertEquals(0, (8 + n) % 8, "the data buffer starts 8-byte aligned");
        String header = new String(bytes, 8, (int) n, java.nio.charset.StandardCharsets.UTF_8).stripTrailing();
        assertEquals("{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[16,24]}}", header);
        assertEquals(8 + n + 24, bytes.length);
        int data = (int) (8 + n);
        assertEquals(1f, buf.getFloat(data));
        assertEquals(4f, buf.getFloat(data + 12));
        assertEquals(7L, buf.getLong(data + 16));
        assertEquals(Map.of("format", "pt"), Kiln.loadMetadata(file));
    }

    @Test
    void savingIsDeterministicAndReplacesTheTarget() throws IOException {
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        Files.writeString(b, "an older file, longer than the new one will be ".repeat(100));
        Kiln.save(everything(), a);
        Kiln.save(everything(), b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("a.safetensors", "b.safetensors"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file left behind");
        }
    }

    @Test
    void aTensorThatRequiresGradSavesItsValues() throws IOException {
        Tensor w = Tensor.of(1f, 2f, 3f).requiresGrad(true);
        Tensor y = w.mul(2);
        Path file = dir.resolve("g.safetensors");
        Kiln.save(Map.of("w", w, "y", y), file);
        Map<String, Tensor> loaded = Kiln.load(file);
        assertArrayEquals(new float[]{2, 4, 6}, loaded.get("y").toFloatArray());
        assertFalse(loaded.get("w").requiresGrad());
    }

    @Test
    void anEmptyStateDictIsAValidFile() throws IOException {
        Path file = dir.resolve("empty.safetensors");
        Kiln.save(Map.of(), file);
        assertTrue(Kiln.load(file).isEmpty());
        assertEquals(16, Files.size(file), "8-byte length + '{}' padded to 8");
    }

    @Test
    void aLargerTensorCrossesTheWriteChunks() throws IOException {
        Tensor big = Tensor.arange(0, 1_500_000, 1).toFloat(); // 6 MB: two 4 MiB chunks
        Path file = dir.resolve("big.safetensors");
        Kiln.save(Map.of("big", big), file);
        float[] back = Kiln.load(file).get("big").toFloatArray();
        assertEquals(1_500_000, back.length);
        List<Integer> wrong = new ArrayList<>();
        for (int i = 0; i < back.length && wrong.size() < 3; i++) if (back[i] != i) wrong.add(i);
        assertEquals(List.of(), wrong);
    }
}
