package dev.kiln.core.io;

import dev.kiln.DType;
import dev.kiln.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** {@link Npy#read} of NumPy's files and round trips of real engine tensors. */
class NpyReadTest {

    @TempDir
    Path dir;

    private static void assertHolds(NpyFixture f, Tensor t) {
        assertEquals(f.dtype(), t.dtype(), f.file());
        assertArrayEquals(f.shape(), t.shape(), f.file());
        Object expected = f.javaValues();
        switch (f.dtype().kind()) {
            case FLOAT -> assertArrayEquals((double[]) expected, t.toDoubleArray(), f.file());
            case INTEGER -> assertArrayEquals((long[]) expected, t.toLongArray(), f.file());
            case BOOL -> assertArrayEquals((boolean[]) expected, t.toBooleanArray(), f.file());
        }
    }

    @TestFactory
    Stream<DynamicTest> readsWhatNumPyWrote() {
        return NpyFixture.load().stream().map(f -> DynamicTest.dynamicTest(f.file(), () -> {
            Tensor t = Npy.read(f.path());
            assertHolds(f, t);
            if (f.fortran()) assertFalse(t.isContiguous(), "a Fortran-order array reads as a transposed view");
            try (InputStream in = Files.newInputStream(f.path())) {
                assertHolds(f, Npy.read(in, f.file()));
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> roundTripsEveryDtype() {
        return Arrays.stream(DType.values()).filter(d -> d != DType.BFLOAT16).map(dtype -> DynamicTest.dynamicTest(dtype.torchName(), () -> {
            Tensor t = Tensor.arange(-7, 17, 1).to(DType.FLOAT64).div(dtype.isFloatingPoint() ? 4 : 1)
                    .to(dtype).reshape(2, 3, 4);
            Path p = dir.resolve(dtype.torchName() + ".npy");
            Npy.write(t, p);
            Tensor back = Npy.read(p);
            assertEquals(dtype, back.dtype());
            assertArrayEquals(new int[] {2, 3, 4}, back.shape());
            assertArrayEquals(t.toDoubleArray(), back.toDoubleArray(), dtype.torchName());

            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Npy.write(t, bytes);
            assertArrayEquals(t.toDoubleArray(), Npy.read(new ByteArrayInputStream(bytes.toByteArray()), "mem").toDoubleArray());
        }));
    }

    @Test
    void roundTripsViewsScalarsAndEmptyTensors() throws IOException {
        Tensor base = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor transposed = base.t();
        Path p = dir.resolve("t.npy");
        Npy.write(transposed, p);
        Tensor back = Npy.read(p);
        assertArrayEquals(new int[] {3, 2}, back.shape());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, back.toFloatArray());

        Npy.write(Tensor.scalar(2.5, DType.FLOAT64), p);
        Tensor scalar = Npy.read(p);
        assertEquals(0, scalar.dim());
        assertEquals(2.5, scalar.item());

        Npy.write(Tensor.zeros(0, 3), p);
        Tensor empty = Npy.read(p);
        assertArrayEquals(new int[] {0, 3}, empty.shape());
        assertEquals(0, empty.numel());
    }

    @Test
    void largeStreamGrowsItsBufferAsDataArrives() throws IOException {
        Tensor t = Tensor.arange(0, 600_000, 1).to(DType.FLOAT64); // 4.8 MB: several buffer doublings
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Npy.write(t, bytes);
        Tensor back = Npy.read(new ByteArrayInputStream(bytes.toByteArray()), "mem");
        assertArrayEquals(t.toDoubleArray(), back.toDoubleArray());
    }
}
