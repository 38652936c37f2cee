package dev.kiln.core.io;

import dev.kiln.DType;
import dev.kiln.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Npy#write} produces NumPy's own bytes, atomically (tested through real engine tensors). */
class NpyWriteTest {

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> writesTheBytesNumPyWrites() {
        return NpyFixture.load().stream().filter(NpyFixture::writtenLikeKiln).map(f -> DynamicTest.dynamicTest(f.file(), () -> {
            Tensor t = Tensor.of(f.javaValues(), f.dtype()).reshape(f.shape());
            Path out = dir.resolve(f.file());
            Npy.write(t, out);
            assertArrayEquals(Files.readAllBytes(f.path()), Files.readAllBytes(out), f.file());
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            Npy.write(t, stream);
            assertArrayEquals(Files.readAllBytes(f.path()), stream.toByteArray(), f.file() + " (stream)");
        }));
    }

    @TestFactory
    Stream<DynamicTest> headersOfEveryFixtureParse() {
        return NpyFixture.load().stream().map(f -> DynamicTest.dynamicTest(f.file(), () -> {
            try (var ch = java.nio.channels.FileChannel.open(f.path())) {
                NpyHeader h = NpyHeader.read(ch, f.file(), ch.size());
                assertEquals(f.dtype(), h.descr().dtype());
                assertEquals(f.fortran(), h.fortranOrder());
                assertArrayEquals(f.shape(), h.shape());
                assertEquals(ch.size(), h.dataOffset() + h.dataBytes());
                assertEquals(f.file().startsWith("be_") ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN,
                        h.descr().order());
            }
        }));
    }

    @Test
    void headerIsSixtyFourByteAlignedAndSwitchesToVersion2WhenLong() throws IOException {
        byte[] small = NpyHeader.encode(DType.FLOAT32, new int[] {2, 3});
        assertEquals(0, small.length % 64);
        assertEquals(1, small[6]);
        int[] manyDims = new int[64];
        java.util.Arrays.fill(manyDims, 1);
        byte[] big = NpyHeader.encode(DType.INT64, manyDims);
        assertEquals(0, big.length % 64);
        try (var ch = java.nio.channels.Channels.newChannel(new java.io.ByteArrayInputStream(big))) {
            assertArrayEquals(manyDims, NpyHeader.read(ch, "mem", big.length).shape());
        }
    }

    @Test
    void largeTensorsAreWrittenInChunksOfRows() throws IOException {
        int rows = 3000;
        int cols = 2000; // 6M elements: more than one write chunk
        int[] v = new int[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = i;
        Path out = dir.resolve("big.npy");
        Tensor t = Tensor.wrap(v, rows, cols);
        assertEquals(DType.INT32, t.dtype());
        Npy.write(t, out);
        byte[] bytes = Files.readAllBytes(out);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int offset = NpyHeader.encode(DType.INT32, new int[] {rows, cols}).length;
        assertEquals(offset + 4L * rows * cols, bytes.length);
        for (int i : new int[] {0, 1, cols, 4_194_303, 4_194_304, rows * cols - 1}) {
            assertEquals(i, b.getInt(offset + 4 * i), "element " + i);
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaries() throws IOException {
        Path target = dir.resolve("weights.npy");
        Files.writeString(target, "old contents");
        // a FLOAT32 broadcast view whose rows (2.5e9 elements each) cannot be copied out to a Java
        // array: the header is written, then reading the first row's data fails
        Tensor broken = Tensor.scalar(1).expand(2, 50_000, 50_000);
        assertEquals(DType.FLOAT32, broken.dtype());
        assertThrows(ArithmeticException.class, () -> Npy.write(broken, target));
        assertEquals("old contents", Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the original file may remain");
        }
        Npy.write(Tensor.of(new double[] {1, 2, 3}, DType.FLOAT32), target);
        assertTrue(Files.size(target) > 12);
    }
}
