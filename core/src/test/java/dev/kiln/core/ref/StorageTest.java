package dev.kiln.core.ref;

import dev.kiln.DType;
import dev.kiln.spi.Storage;
import dev.kiln.spi.UnaryOp;
import dev.kiln.spi.View;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Allocation, host copies, wrapHost sharing and release. */
class StorageTest {
    private final ReferenceBackend backend = new ReferenceBackend();

    @ParameterizedTest
    @EnumSource(DType.class)
    void allocateHasTheRequestedSizeAndIsAligned(DType t) {
        Storage s = backend.allocate(t, 13);
        assertEquals(13, s.numel());
        assertEquals(13L * t.byteSize(), s.byteSize());
        MemorySegment seg = ((RefStorage) s).segment();
        assertEquals(13L * t.byteSize(), seg.byteSize());
        assertTrue(seg.maxByteAlignment() >= 8, "8-byte aligned for every dtype, got " + seg.maxByteAlignment());
        assertEquals(0, backend.allocate(t, 0).numel());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void hostRoundTripAtOffsets(DType t) {
        Storage s = backend.allocate(t, 7);
        int size = t.byteSize();
        byte[] src = new byte[3 * size];
        for (int i = 0; i < src.length; i++) src[i] = (byte) (i % size == 0 ? 1 : 0);
        backend.copyFromHost(MemorySegment.ofArray(src), s, 4, 3);
        byte[] back = new byte[3 * size];
        backend.copyToHost(s, 4, 3, MemorySegment.ofArray(back));
        assertArrayEquals(src, back);
        byte[] head = new byte[4 * size];
        backend.copyToHost(s, 0, 4, MemorySegment.ofArray(head));
        assertArrayEquals(new byte[4 * size], head, "elements before the offset are untouched");
    }

    @Test
    void hostCopiesAreLittleEndianFloats() {
        Storage s = backend.allocate(DType.FLOAT32, 3);
        backend.copyFromHost(MemorySegment.ofArray(new float[] {1.5f, -2f, 3.25f}), s, 0, 3);
        View v = new View(s, DType.FLOAT32, 0, new int[] {3}, new long[] {1});
        assertArrayEquals(new double[] {1.5, -2, 3.25}, Fixtures.doubles(v));
        byte[] raw = new byte[4];
        backend.copyToHost(s, 0, 1, MemorySegment.ofArray(raw));
        assertEquals(0x3F, raw[3] & 0xFF);
        assertEquals(0xC0, raw[2] & 0xFF);
    }

    @Test
    void hostCopiesOutOfRangeSayWhy() {
        Storage s = backend.allocate(DType.FLOAT32, 4);
        MemorySegment host = MemorySegment.ofArray(new float[8]);
        var e = assertThrows(IndexOutOfBoundsException.class, () -> backend.copyFromHost(host, s, 2, 3));
        assertTrue(e.getMessage().contains("copyFromHost") && e.getMessage().contains("4 float32"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> backend.copyToHost(s, -1, 1, host));
        var small = assertThrows(IndexOutOfBoundsException.class,
                () -> backend.copyToHost(s, 0, 4, MemorySegment.ofArray(new float[2])));
        assertTrue(small.getMessage().contains("8 bytes"), small.getMessage());
    }

    @Test
    void wrapHostSharesMemoryBothWays() {
        float[] array = {1f, 2f, 3f, 4f};
        Storage s = backend.wrapHost(MemorySegment.ofArray(array), DType.FLOAT32).orElseThrow();
        assertEquals(4, s.numel());
        View v = new View(s, DType.FLOAT32, 0, new int[] {2, 2}, new long[] {2, 1});
        backend.unary(UnaryOp.NEG, v, v);
        assertArrayEquals(new float[] {-1f, -2f, -3f, -4f}, array, "kernel writes are seen by the array");
        array[2] = 10f;
        assertEquals(10.0, Fixtures.at(v, 1, 0), "array writes are seen by the backend");
        backend.fill(Fixtures.restride(v, 1, new int[] {2}, new long[] {2}), 7);
        assertArrayEquals(new float[] {-1f, 7f, 10f, 7f}, array);
    }

    @Test
    void wrapHostWorksOnUnalignedNativeMemory() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment raw = arena.allocate(17, 8).asSlice(1, 16);
            Storage s = backend.wrapHost(raw, DType.FLOAT64).orElseThrow();
            View v = new View(s, DType.FLOAT64, 0, new int[] {2}, new long[] {1});
            backend.fill(v, 2.5);
            assertEquals(2.5, raw.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, 8));
        }
    }

    @Test
    void wrapHostRejectsPartialElements() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> backend.wrapHost(MemorySegment.ofArray(new byte[6]), DType.FLOAT32));
        assertTrue(e.getMessage().contains("6 bytes") && e.getMessage().contains("float32"), e.getMessage());
    }

    @Test
    void releasedStorageCannotBeUsed() {
        View v = Fixtures.of(backend, DType.FLOAT32, new double[] {1, 2}, 2);
        backend.release(v.storage());
        backend.release(v.storage());
        assertTrue(((RefStorage) v.storage()).isReleased());
        var e = assertThrows(IllegalStateException.class, () -> backend.fill(v, 1));
        assertTrue(e.getMessage().contains("storage was released"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> backend.copyToHost(v.storage(), 0, 1, MemorySegment.ofArray(new float[1])));
        View other = Fixtures.empty(backend, DType.FLOAT32, 2);
        var e2 = assertThrows(IllegalStateException.class, () -> backend.copy(v, other));
        assertTrue(e2.getMessage().contains("storage was released"), e2.getMessage());
    }

    @Test
    void closeReleasesEverythingAndRefusesNewStorage() {
        View a = Fixtures.empty(backend, DType.INT64, 3);
        Storage wrapped = backend.wrapHost(MemorySegment.ofArray(new int[2]), DType.INT32).orElseThrow();
        backend.close();
        assertTrue(((RefStorage) a.storage()).isReleased());
        assertTrue(((RefStorage) wrapped).isReleased());
        assertThrows(IllegalStateException.class, () -> backend.fill(a, 0));
        var e = assertThrows(IllegalStateException.class, () -> backend.allocate(DType.FLOAT32, 1));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        backend.close();
    }

    @Test
    void foreignStorageIsRejected() {
        Storage foreign = new Storage() {
            @Override public DType dtype() { return DType.FLOAT32; }
            @Override public long numel() { return 1; }
        };
        var e = assertThrows(IllegalArgumentException.class, () -> backend.release(foreign));
        assertTrue(e.getMessage().contains("not allocated by the ref backend"), e.getMessage());
    }
}
