package dev.kiln.core.ref;

import dev.kiln.DType;
import dev.kiln.spi.ScatterMode;
import dev.kiln.spi.View;
import org.junit.jupiter.api.Test;

import static dev.kiln.core.ref.Fixtures.doubles;
import static dev.kiln.core.ref.Fixtures.longs;
import static dev.kiln.core.ref.Fixtures.of;
import static dev.kiln.core.ref.Fixtures.ofLongs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gather and scatter (SET, ADD), including out-of-range indices. */
class IndexKernelsTest {
    private final ReferenceBackend b = new ReferenceBackend();

    @Test
    void gatherAlongDim1() {
        View src = of(b, DType.FLOAT32, new double[] {10, 11, 12, 20, 21, 22}, 2, 3);
        View index = ofLongs(b, DType.INT64, new long[] {2, 0, 1, 1}, 2, 2);
        View out = Fixtures.empty(b, DType.FLOAT32, 2, 2);
        b.gather(src, 1, index, out);
        assertArrayEquals(new double[] {12, 10, 21, 21}, doubles(out));
    }

    @Test
    void gatherAlongDim0WithASmallerIndexAndATransposedSource() {
        View s = of(b, DType.INT64, new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        View src = Fixtures.transpose(s, 0, 1);                  // [3, 2]: [[1, 4], [2, 5], [3, 6]]
        View index = ofLongs(b, DType.INT64, new long[] {2, 0}, 1, 2);
        View out = Fixtures.empty(b, DType.INT64, 1, 2);
        b.gather(src, 0, index, out);
        assertArrayEquals(new long[] {3, 4}, longs(out));
    }

    @Test
    void scatterSetAndAdd() {
        View dst = of(b, DType.FLOAT64, new double[6], 2, 3);
        View index = ofLongs(b, DType.INT64, new long[] {2, 0, 1, 1}, 2, 2);
        View src = of(b, DType.FLOAT64, new double[] {1, 2, 3, 4}, 2, 2);
        b.scatter(ScatterMode.SET, dst, 1, index, src);
        assertArrayEquals(new double[] {2, 0, 1, 0, 4, 0}, doubles(dst), "the later duplicate wins");
        b.scatter(ScatterMode.ADD, dst, 1, index, src);
        assertArrayEquals(new double[] {4, 0, 2, 0, 11, 0}, doubles(dst), "duplicates accumulate");
    }

    @Test
    void scatterAddAlongDim0IsTheAdjointOfGather() {
        View dst = ofLongs(b, DType.INT64, new long[] {100, 100, 100, 100}, 2, 2);
        View index = ofLongs(b, DType.INT64, new long[] {1, 0, 1, 1, 0, 1}, 3, 2);
        View src = ofLongs(b, DType.INT64, new long[] {1, 2, 3, 4, 5, 6}, 3, 2);
        b.scatter(ScatterMode.ADD, dst, 0, index, src);
        assertArrayEquals(new long[] {105, 102, 104, 110}, longs(dst));
    }

    @Test
    void outOfRangeIndicesNameKernelDimIndexAndRange() {
        View src = of(b, DType.FLOAT32, new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        View bad = ofLongs(b, DType.INT64, new long[] {0, 3}, 2, 1);
        View out = Fixtures.empty(b, DType.FLOAT32, 2, 1);
        var e = assertThrows(IndexOutOfBoundsException.class, () -> b.gather(src, 1, bad, out));
        assertTrue(e.getMessage().contains("gather") && e.getMessage().contains("index 3")
                && e.getMessage().contains("dimension 1") && e.getMessage().contains("[0, 3)"), e.getMessage());

        View negative = ofLongs(b, DType.INT64, new long[] {-1, 0}, 2, 1);
        View ones = of(b, DType.FLOAT32, new double[] {1, 1}, 2, 1);
        var e2 = assertThrows(IndexOutOfBoundsException.class,
                () -> b.scatter(ScatterMode.ADD, src, 1, negative, ones));
        assertTrue(e2.getMessage().contains("scatter ADD") && e2.getMessage().contains("index -1"), e2.getMessage());

        View late = ofLongs(b, DType.INT64, new long[] {0, 0, 0, 2}, 2, 2);
        View dst = of(b, DType.FLOAT32, new double[] {7, 7, 7, 7}, 2, 2);
        View vals = of(b, DType.FLOAT32, new double[] {1, 1, 1, 1}, 2, 2);
        var e3 = assertThrows(IndexOutOfBoundsException.class, () -> b.scatter(ScatterMode.SET, dst, 0, late, vals));
        assertTrue(e3.getMessage().contains("dimension 0 with size 2"), e3.getMessage());
        assertArrayEquals(new double[] {7, 7, 7, 7}, doubles(dst), "nothing written before the bad index is found");
    }
}
