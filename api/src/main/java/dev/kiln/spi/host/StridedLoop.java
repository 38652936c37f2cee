package dev.kiln.spi.host;

/**
 * Walks a shape row by row for one or more strided operands at once. Each call to {@link #next()}
 * moves to the next row (every dimension but the last, in row-major order) and exposes the element
 * offset of the row's first element for each operand; the caller loops the innermost dimension
 * itself, {@link #innerSize()} elements apart by {@link #innerStride(int)}.
 *
 * <pre>{@code
 * StridedLoop loop = new StridedLoop(shape, new long[] {a.offset(), out.offset()}, a.strides(), out.strides());
 * int n = loop.innerSize();
 * long sa = loop.innerStride(0), so = loop.innerStride(1);
 * while (loop.next()) {
 *     long ia = loop.offset(0), io = loop.offset(1);
 *     for (int i = 0; i < n; i++, ia += sa, io += so) { ... }
 * }
 * }</pre>
 *
 * A 0-d shape is one row of one element; a shape with a zero-size dimension has no rows.
 */
public final class StridedLoop {
    private final int[] shape;
    private final long[][] strides;
    private final long[] start;
    private final long[] offsets;
    private final int[] counter;
    private final int outerRank;
    private final int innerSize;
    private final long[] innerStrides;
    private final boolean empty;
    private boolean started;
    private boolean finished;

    /**
     * @param shape   the shape walked (shared by all operands)
     * @param offsets each operand's element offset of index (0, ..., 0)
     * @param strides each operand's element strides, of the shape's rank
     */
    public StridedLoop(int[] shape, long[] offsets, long[]... strides) {
        if (offsets.length != strides.length) {
            throw new IllegalArgumentException("StridedLoop: " + offsets.length + " offsets for "
                    + strides.length + " operands");
        }
        for (long[] s : strides) {
            if (s.length != shape.length) {
                throw new IllegalArgumentException("StridedLoop: strides of rank " + s.length
                        + " for a shape of rank " + shape.length);
            }
        }
        this.shape = shape;
        this.strides = strides;
        this.start = offsets.clone();
        this.offsets = offsets.clone();
        this.outerRank = Math.max(shape.length - 1, 0);
        this.counter = new int[outerRank];
        this.innerSize = shape.length == 0 ? 1 : shape[shape.length - 1];
        this.innerStrides = new long[strides.length];
        for (int v = 0; v < strides.length; v++) {
            innerStrides[v] = shape.length == 0 ? 0 : strides[v][shape.length - 1];
        }
        boolean zero = false;
        for (int s : shape) zero |= s == 0;
        this.empty = zero;
    }

    /** Elements per row. */
    public int innerSize() { return innerSize; }

    /** Element stride of operand {@code v} along the innermost dimension. */
    public long innerStride(int v) { return innerStrides[v]; }

    /** Offset of the current row's first element for operand {@code v}. */
    public long offset(int v) { return offsets[v]; }

    /** Moves to the next row; false when every row was visited. */
    public boolean next() {
        if (empty || finished) return false;
        if (!started) {
            started = true;
            return true;
        }
        for (int d = outerRank - 1; d >= 0; d--) {
            if (++counter[d] < shape[d]) {
                for (int v = 0; v < offsets.length; v++) offsets[v] += strides[v][d];
                return true;
            }
            counter[d] = 0;
            for (int v = 0; v < offsets.length; v++) offsets[v] -= strides[v][d] * (shape[d] - 1);
        }
        finished = true;
        return false;
    }

    /** Starts over from the first row, with operand {@code v} now based at {@code offset}. */
    public void restart(int v, long offset) {
        start[v] = offset;
        restart();
    }

    /** Starts over from the first row. */
    public void restart() {
        System.arraycopy(start, 0, offsets, 0, start.length);
        java.util.Arrays.fill(counter, 0);
        started = false;
        finished = false;
    }
}
