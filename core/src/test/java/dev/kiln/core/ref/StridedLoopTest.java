package dev.kiln.core.ref;

import dev.kiln.spi.host.StridedLoop;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The row walker under every kernel. */
class StridedLoopTest {

    private static List<Long> offsets(StridedLoop loop, int v) {
        List<Long> r = new ArrayList<>();
        while (loop.next()) {
            long o = loop.offset(v);
            for (int i = 0; i < loop.innerSize(); i++, o += loop.innerStride(v)) r.add(o);
        }
        return r;
    }

    @Test
    void walksTwoOperandsWithDifferentStrides() {
        // shape [2, 3, 2]: operand 0 contiguous from 5, operand 1 transposed-like strides
        StridedLoop loop = new StridedLoop(new int[] {2, 3, 2}, new long[] {5, 0},
                new long[] {6, 2, 1}, new long[] {1, 4, 2});
        List<Long> a = new ArrayList<>();
        List<Long> c = new ArrayList<>();
        while (loop.next()) {
            for (int i = 0; i < 2; i++) {
                a.add(loop.offset(0) + i * loop.innerStride(0));
                c.add(loop.offset(1) + i * loop.innerStride(1));
            }
        }
        assertEquals(List.of(5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L), a);
        assertEquals(List.of(0L, 2L, 4L, 6L, 8L, 10L, 1L, 3L, 5L, 7L, 9L, 11L), c);
        assertFalse(loop.next(), "stays finished");
    }

    @Test
    void scalarIsOneElementAndEmptyShapeIsNone() {
        StridedLoop scalar = new StridedLoop(new int[0], new long[] {3}, new long[0]);
        assertEquals(List.of(3L), offsets(scalar, 0));
        StridedLoop empty = new StridedLoop(new int[] {4, 0}, new long[] {0}, new long[] {0, 1});
        assertFalse(empty.next());
    }

    @Test
    void broadcastStrideZeroRepeats() {
        StridedLoop loop = new StridedLoop(new int[] {3, 2}, new long[] {1}, new long[] {0, 1});
        assertEquals(List.of(1L, 2L, 1L, 2L, 1L, 2L), offsets(loop, 0));
    }

    @Test
    void restartMovesTheBase() {
        StridedLoop loop = new StridedLoop(new int[] {2, 2}, new long[] {0}, new long[] {2, 1});
        assertEquals(List.of(0L, 1L, 2L, 3L), offsets(loop, 0));
        loop.restart(0, 10);
        assertTrue(loop.next());
        assertEquals(10L, loop.offset(0));
        loop.restart(0, 20);
        assertEquals(List.of(20L, 21L, 22L, 23L), offsets(loop, 0));
    }
}
