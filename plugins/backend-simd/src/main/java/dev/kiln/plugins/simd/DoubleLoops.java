package dev.kiln.plugins.simd;

/**
 * The vectorised loops over contiguous float64 runs in heap arrays, one implementation per vector
 * species (see {@link VectorLoops}). Callers validate ranges; loops assume. Op codes are the
 * constants of {@link VectorLoops}.
 */
interface DoubleLoops {
    /** Bits of the vector species these loops run on. */
    int bits();

    /**
     * {@code o[io + i] = a[ia + i*sa] op b[ib + i*sb]} for {@code i < n}; {@code sa}, {@code sb} are 0
     * (broadcast scalar) or 1 (contiguous), not both 0.
     */
    void binary(int op, double[] a, int ia, int sa, double[] b, int ib, int sb, double[] o, int io, int n);

    /** {@code o[io + i] = op(a[ia + i])} for {@code i < n}. */
    void unary(int op, double[] a, int ia, double[] o, int io, int n);

    /** The sum of {@code a[ia .. ia+n)}, accumulated in blocks of double vectors. */
    double sum(double[] a, int ia, int n);

    /** The max ({@code max = true}) or min of {@code a[ia .. ia+n)}, n &gt;= 1, NaN propagating. */
    double extreme(boolean max, double[] a, int ia, int n);

    /**
     * Column reduction: {@code o[io + j] (op)= a[ia + r*rowStride + j]} over {@code r < rows}, for
     * {@code j < cols}; {@code op} is {@link VectorLoops#ADD}, {@link VectorLoops#MAX} or
     * {@link VectorLoops#MIN}; the first row initialises {@code o} (rows &gt;= 1).
     */
    void reduceRows(int op, double[] a, int ia, int rows, int rowStride, int cols, double[] o, int io);

    /** {@code y[iy + i] += alpha * x[ix + i]} for {@code i < n} (a multiply then an add, as the reference). */
    void axpy(double alpha, double[] x, int ix, double[] y, int iy, int n);

    /**
     * {@code o[io + i] = a[ia + i] op b[ib + i*sb] ? 1 : 0} for {@code i < n}, {@code sb} 0 or 1, op one of
     * {@link VectorLoops#EQ} .. {@link VectorLoops#GE}; false (nothing written) when this width has no
     * byte species of the same lane count (the caller loops itself).
     */
    boolean compare(int op, double[] a, int ia, double[] b, int ib, int sb, byte[] o, int io, int n);

    /**
     * {@code d[id + i] = s[is + i] != 0 ? 1 : 0} for {@code i < n} (bool to double: any nonzero byte is true).
     */
    void fromBool(byte[] s, int is, double[] d, int id, int n);

    /** {@code d[id + i] = s[is + i] != 0 ? 1 : 0} for {@code i < n} (double to bool: NaN is true). */
    void toBool(double[] s, int is, byte[] d, int id, int n);

    /**
     * {@code o[io + i] = c[ic + i*sc] != 0 ? a[ia + i*sa] : b[ib + i*sb]} for {@code i < n}; each stride is
     * 0 (one broadcast element) or 1.
     */
    void where(byte[] c, int ic, int sc, double[] a, int ia, int sa, double[] b, int ib, int sb, double[] o, int io, int n);
}
