package dev.kiln.plugins.simd.gemm;

import jdk.incubator.vector.VectorSpecies;

import java.util.concurrent.Executor;

/**
 * float32 GEMM in the BLIS/GotoBLAS manner: {@code C (+)= A @ B} for {@code A [m, k]}, {@code B [k, n]},
 * {@code C [m, n]} with any strides. The loops block C into {@code nc}-column and {@code mc}-row slabs and K
 * into {@code kc} slices; each slice of B is packed into {@code nr}-column micro-panels (kept in L1 by the
 * micro-kernel while it sweeps the A block) and each block of A into {@code mr}-row micro-panels (kept in L2);
 * the edges are zero-padded in the packed buffers, so the micro-kernel always computes full tiles, and partial
 * or strided C tiles go through a small tile buffer. Big problems are split over threads by N (or M) ranges,
 * each thread packing into its own reusable buffers; tiny ones take a direct loop without packing.
 *
 * <p>Small-batch shapes (a training step's linear layers, M of a few dozen rows), where packing is not
 * amortised, take measured shortcuts: a row-major B is read in place and K sliced twice as long
 * ({@link #IN_PLACE_B_ROWS}); a small-batch linear runs transposed so that its weight is a row-major A read in
 * place ({@link #SWAP_ROWS}), its C through a contiguous scratch ({@link #SCRATCH}) and its 64 columns as one
 * 4-vector tile; a column-major B is packed by an in-register transpose (float32 at 512 bits); the last panel
 * computes only the vectors it holds; a B of at most {@link #DOT_COLS} columns runs as dot products.
 *
 * <p>Instances are immutable and thread-safe.
 */
// template: gen.sh derives the 64-bit type from this file; edit it and rerun gen.sh
public final class FloatGemm {
    /** Default K slice: the B micro-panel ({@code kc x nr}, 48 KiB at 512 bits) stays in Zen 5's 48 KiB L1. */
    static final int KC = 256;
    /** Default rows of A packed per block (a multiple of every kernel's mr). */
    static final int MC = 192;
    /** Default columns of B packed per slab. */
    static final int NC = 3072;
    /** Below this many multiply-adds the direct loop beats packing. */
    static final long SMALL = 8 * 1024;
    /**
     * Below this many multiply-adds one thread runs the product: about 10 us of work, several times a
     * fork-join hand-off to a parked pool thread. (Chosen by that estimate; the machine was too loaded to
     * measure the crossover.)
     */
    static final long PARALLEL = 1024 * 1024;

    /** A row-major A is read in place (not packed) when at most this many B micro-panels reuse each block. */
    static final int IN_PLACE_A_PANELS = 2;
    /**
     * A row-major B is read in place (not packed), and K sliced twice as long, when the product has at most
     * this many rows.
     */
    static final int IN_PLACE_B_ROWS = 128;
    /**
     * A product of at most this many columns with A row-major and B column-major (linear's last layer) runs as
     * dot products: a register tile of nr columns would mostly compute padding.
     */
    static final int DOT_COLS = 16;
    /** The most rows of A for {@link #swap}. */
    static final int SWAP_ROWS = 128;
    /** A strided C of at most this many elements is computed in a contiguous scratch first. */
    static final int SCRATCH = 256 * 1024;

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private final FloatMicroKernel kernel;
    private final Executor executor;
    private final int threads;
    private final int mc, kc, nc;

    /**
     * @param species the vector species the backend runs on (128, 256 or 512 bits)
     * @param executor runs the parts of a multithreaded product (the backend's pool); may be null when
     *                 {@code threads == 1}
     * @param threads the most threads one product may use (1 = always on the calling thread)
     */
    public FloatGemm(VectorSpecies<Float> species, Executor executor, int threads) {
        this(species, executor, threads, MC, KC, NC);
    }

    /** With explicit block sizes (for tuning). */
    FloatGemm(VectorSpecies<Float> species, Executor executor, int threads, int mc, int kc, int nc) {
        if (threads < 1) throw new IllegalArgumentException("FloatGemm: threads must be >= 1, got " + threads);
        if (threads > 1 && executor == null) {
            throw new IllegalArgumentException("FloatGemm: threads = " + threads + " needs an executor");
        }
        this.kernel = FloatMicroKernel.forSpecies(species);
        this.executor = executor;
        this.threads = threads;
        this.mc = Math.max(kernel.mr, mc / kernel.mr * kernel.mr);
        this.kc = Math.max(1, kc);
        this.nc = Math.max(kernel.nr, nc / kernel.nr * kernel.nr);
    }

    /** A GEMM with the same kernels and blocks that always runs on the calling thread. */
    public FloatGemm singleThreaded() {
        return threads == 1 ? this : new FloatGemm(kernel, null, 1, mc, kc, nc);
    }

    private FloatGemm(FloatMicroKernel kernel, Executor executor, int threads, int mc, int kc, int nc) {
        this.kernel = kernel;
        this.executor = executor;
        this.threads = threads;
        this.mc = mc;
        this.kc = kc;
        this.nc = nc;
    }

    /** The executor parts run on (null when single-threaded). */
    public Executor executor() { return executor; }

    /** The number of threads one product may use. */
    public int threads() { return threads; }

    /**
     * {@code C = A @ B}, or {@code C += A @ B} with {@code accumulate}. {@code A} is {@code [m, k]}, {@code B}
     * {@code [k, n]}, {@code C} {@code [m, n]}; {@code C} must not overlap {@code A} or {@code B}.
     * With {@code k == 0} C is zeroed (or left as is when accumulating).
     */
    public void gemm(int m, int n, int k, FloatMatrix a, FloatMatrix b, FloatMatrix c, boolean accumulate) {
        batched(1, m, n, k, a, 0, b, 0, c, 0, accumulate);
    }

    /**
     * {@code C[i] (+)= A[i] @ B[i]} for {@code i < batch}, matrix {@code i} of each operand at
     * {@code i * batchStride} elements from its first (stride 0 broadcasts one matrix over the batch).
     */
    public void batched(int batch, int m, int n, int k, FloatMatrix a, long batchStrideA, FloatMatrix b,
                        long batchStrideB, FloatMatrix c, long batchStrideC, boolean accumulate) {
        if (batch <= 0 || m <= 0 || n <= 0) return;
        if (swap(m, n, k, a, b, c)) {
            // C^T = B^T A^T: the big column-major B (linear's weight) becomes a row-major A read in place
            batched(batch, n, m, k, b.transpose(), batchStrideB, a.transpose(), batchStrideA, c.transpose(),
                    batchStrideC, accumulate);
            return;
        }
        long work = (long) m * n * Math.max(k, 1);
        int parts = threads > 1 && work * batch >= PARALLEL ? threads : 1;
        if (parts == 1) {
            for (int i = 0; i < batch; i++) {
                one(m, n, k, a.shift(i * batchStrideA), b.shift(i * batchStrideB), c.shift(i * batchStrideC),
                        accumulate, 0, m, 0, n);
            }
        } else if (batch >= parts && work < PARALLEL) {
            // many small products: split the batch, each product on one thread
            parallel(parts, t -> {
                for (int i = (int) ((long) batch * t / parts), e = (int) ((long) batch * (t + 1) / parts); i < e; i++) {
                    one(m, n, k, a.shift(i * batchStrideA), b.shift(i * batchStrideB), c.shift(i * batchStrideC),
                            accumulate, 0, m, 0, n);
                }
            });
        } else {
            for (int i = 0; i < batch; i++) {
                FloatMatrix ai = a.shift(i * batchStrideA), bi = b.shift(i * batchStrideB), ci = c.shift(i * batchStrideC);
                // split the larger of N and M into ranges aligned to the tile
                boolean byN = (n + kernel.nr - 1) / kernel.nr >= (m + kernel.mr - 1) / kernel.mr;
                int unit = byN ? kernel.nr : kernel.mr, extent = byN ? n : m;
                int units = (extent + unit - 1) / unit;
                int p = Math.min(parts, units);
                parallel(p, t -> {
                    int lo = Math.min(extent, units * t / p * unit), hi = Math.min(extent, units * (t + 1) / p * unit);
                    if (byN) one(m, n, k, ai, bi, ci, accumulate, 0, m, lo, hi);
                    else one(m, n, k, ai, bi, ci, accumulate, lo, hi, 0, n);
                });
            }
        }
    }

    /**
     * Whether {@code A @ B} runs as {@code (B^T A^T)^T}: a few rows of row-major A times a column-major B with
     * many columns (a small-batch linear), where packing B would be a transpose of the whole weight.
     */
    private boolean swap(int m, int n, int k, FloatMatrix a, FloatMatrix b, FloatMatrix c) {
        return m <= SWAP_ROWS && n > m && n > DOT_COLS && a.array() != null && b.array() != null && c.array() != null
                && a.colStride() == 1 && b.rowStride() == 1 && b.colStride() != 1 && (long) m * n <= SCRATCH;
    }

    private void parallel(int parts, java.util.function.IntConsumer part) { Parallel.run(executor, parts, part); }

    /** The rows {@code [m0, m1)} and columns {@code [n0, n1)} of one product, on the calling thread. */
    private void one(int m, int n, int k, FloatMatrix a, FloatMatrix b, FloatMatrix c, boolean accumulate,
                     int m0, int m1, int n0, int n1) {
        one(m, n, k, a, b, null, c, accumulate, m0, m1, n0, n1);
    }

    /**
     * {@code C = A @ B} (or {@code +=}) where B packs itself ({@code b}): on the calling thread, no direct
     * small-product path.
     */
    void gemm(int m, int n, int k, FloatMatrix a, FloatPanels b, FloatMatrix c, boolean accumulate) {
        if (m > 0 && n > 0) one(m, n, k, a, null, b, c, accumulate, 0, m, 0, n);
    }

    private void one(int m, int n, int k, FloatMatrix a, FloatMatrix b, FloatPanels panels, FloatMatrix c,
                     boolean accumulate, int m0, int m1, int n0, int n1) {
        if (k == 0) {
            if (!accumulate) for (int i = m0; i < m1; i++) for (int j = n0; j < n1; j++) c.set(i, j, 0f);
            return;
        }
        if (panels == null && (long) (m1 - m0) * (n1 - n0) * k <= SMALL) {
            direct(k, a, b, c, accumulate, m0, m1, n0, n1);
            return;
        }
        if (panels == null && n1 - n0 <= DOT_COLS && dots(k, a, b, c, accumulate, m0, m1, n0, n1)) return;
        Buffers buf = BUFFERS.get();
        int mr = kernel.mr, nr = kernel.nr, lanes = kernel.lanes();
        float[] carr = c.array();
        boolean direct = carr != null && c.colStride() == 1 && c.rowStride() == (int) c.rowStride();
        int ldc = (int) c.rowStride();
        // a row-major A that few B panels reuse is read in place: packing it costs more than it saves
        // (linear 64x512 -> 10: 29-37 -> 21 us)
        float[] aarr = a.array();
        boolean aInPlace = aarr != null && a.colStride() == 1 && a.rowStride() > 0
                && a.rowStride() < Integer.MAX_VALUE && (Math.min(nc, n1 - n0) + nr - 1) / nr <= IN_PLACE_A_PANELS;
        int lda = (int) a.rowStride();
        // a row-major B is read in place by few row panels (a small M): its rows are the kernel's B rows
        float[] barr = panels == null ? b.array() : null;
        boolean bInPlace = barr != null && b.colStride() == 1 && b.rowStride() >= 0 && b.rowStride() < Integer.MAX_VALUE
                && m1 - m0 <= IN_PLACE_B_ROWS;
        int ldb = bInPlace ? (int) b.rowStride() : 0;
        if (!direct && carr != null && (long) (m1 - m0) * (n1 - n0) <= SCRATCH) {
            // a strided C (a transposed one): the product goes to a contiguous scratch, then into C in one pass,
            // instead of through the tile buffer once per K slice
            int lds = n1 - n0;
            float[] s = buf.scratch((m1 - m0) * lds);
            one(m, n, k, a, b, panels, FloatMatrix.of(s, -((long) m0 * lds + n0), lds, 1), false, m0, m1, n0, n1);
            addTile(s, lds, c, m0, n0, m1 - m0, n1 - n0, accumulate);
            return;
        }
        // few rows: C is loaded and stored once per K slice for little work, and B (in place or packed) is not
        // reused enough to need L1 residency, so the slices are twice as long (quickstart 64-row shapes: 5-10%)
        int kc = m1 - m0 <= IN_PLACE_B_ROWS ? 2 * this.kc : this.kc;
        int kcMax = Math.min(kc, k);
        float[] pa = buf.packA(roundUp(Math.min(mc, m1 - m0), mr) * kcMax);
        float[] pb = buf.packB(roundUp(Math.min(nc, n1 - n0), nr) * kcMax);
        float[] tile = buf.tile(mr * nr);
        for (int jc = n0; jc < n1; jc += nc) {
            int nb = Math.min(nc, n1 - jc);
            for (int pc = 0; pc < k; pc += kc) {
                int kb = Math.min(kc, k - pc);
                boolean acc = accumulate || pc > 0;
                if (panels != null) panels.pack(pc, jc, kb, nb, pb, nr);
                else if (!bInPlace) packB(b, pc, jc, kb, nb, pb);
                else if (nb % nr != 0) packB(b, pc, jc + nb / nr * nr, kb, nb % nr, pb); // the partial panel only
                for (int ic = m0; ic < m1; ic += mc) {
                    int mb = Math.min(mc, m1 - ic);
                    if (!aInPlace) packA(a, ic, pc, mb, kb, pa);
                    int tailRows = 0;
                    for (int jr = 0; jr < nb; jr += nr) {
                        int cols = Math.min(nr, nb - jr);
                        if (direct && !bInPlace && cols == nr && nb - jr - nr == lanes) {
                            // the last two panels hold nr + one vector of columns: one 4-vector-wide tile
                            // where rows are full, instead of a full tile and a 1-vector one
                            int pb0 = jr / nr * kb * nr, pb1 = pb0 + kb * nr;
                            int ir = 0;
                            for (; ir + mr <= mb; ir += mr) {
                                int c0 = (int) (c.offset() + (long) (ic + ir) * ldc + jc + jr);
                                if (aInPlace) {
                                    kernel.runWide(kb, aarr, (int) (a.offset() + (long) (ic + ir) * lda + pc), lda, 1,
                                            pb, pb0, pb1, carr, c0, ldc, acc);
                                } else {
                                    kernel.runWide(kb, pa, ir / mr * kb * mr, 1, mr, pb, pb0, pb1, carr, c0, ldc, acc);
                                }
                            }
                            if (ir == mb) break;
                            tailRows = ir;
                        }
                        boolean bDirect = bInPlace && cols == nr;
                        float[] bSrc = bDirect ? barr : pb;
                        int b0 = bDirect ? (int) (b.offset() + (long) pc * ldb + jc + jr) : bInPlace ? 0 : jr / nr * kb * nr;
                        int ldbk = bDirect ? ldb : nr;
                        // after a wide tile, this panel and the last compute only the rows it left
                        for (int ir = tailRows; ir < mb; ir += mr) {
                            int rows = Math.min(mr, mb - ir);
                            boolean toC = direct && rows == mr && cols == nr;
                            float[] cDst = toC ? carr : tile;
                            int c0 = toC ? (int) (c.offset() + (long) (ic + ir) * ldc + jc + jr) : 0;
                            int ldDst = toC ? ldc : nr;
                            boolean accDst = toC && acc;
                            float[] aSrc = pa;
                            int a0 = ir / mr * kb * mr, ars = 1, acs = mr;
                            if (aInPlace && rows == mr) {
                                aSrc = aarr;
                                a0 = (int) (a.offset() + (long) (ic + ir) * lda + pc);
                                ars = lda;
                                acs = 1;
                            } else if (aInPlace) {
                                // the last, partial row panel: packed (zero rows) so nothing past A is read
                                packA(a, ic + ir, pc, rows, kb, pa);
                                a0 = 0;
                            }
                            if (cols <= nr - lanes) {
                                // a partial last panel (through the tile): only the vectors that hold columns
                                kernel.runNarrow((cols + lanes - 1) / lanes, kb, aSrc, a0, ars, acs, bSrc, b0, ldbk, tile, 0, nr);
                            } else if (aSrc == pa && bSrc == pb) kernel.run(kb, pa, a0, pb, b0, cDst, c0, ldDst, accDst);
                            else kernel.run(kb, aSrc, a0, ars, acs, bSrc, b0, ldbk, cDst, c0, ldDst, accDst);
                            if (!toC) addTile(tile, nr, c, ic + ir, jc + jr, rows, cols, acc);
                        }
                    }
                }
            }
        }
    }

    /**
     * Runs the product as dot products when A is row-major, B column-major (both contiguous along K) and C on
     * arrays with int offsets; false when it does not apply.
     */
    private boolean dots(int k, FloatMatrix a, FloatMatrix b, FloatMatrix c, boolean accumulate, int m0, int m1, int n0, int n1) {
        float[] aa = a.array(), ba = b.array(), ca = c.array();
        if (aa == null || ba == null || ca == null || a.colStride() != 1 || b.rowStride() != 1 || k < kernel.lanes()) return false;
        long a0 = a.offset() + m0 * a.rowStride(), b0 = b.offset() + n0 * b.colStride();
        long c0 = c.offset() + m0 * c.rowStride() + n0 * c.colStride();
        long lda = a.rowStride(), ldb = b.colStride(), ldc = c.rowStride(), csc = c.colStride();
        if (a0 != (int) a0 || b0 != (int) b0 || c0 != (int) c0 || lda != (int) lda || ldb != (int) ldb
                || ldc != (int) ldc || csc != (int) csc) {
            return false;
        }
        kernel.dots(m1 - m0, n1 - n0, k, aa, (int) a0, (int) lda, ba, (int) b0, (int) ldb, ca, (int) c0, (int) ldc,
                (int) csc, accumulate);
        return true;
    }

    /** Writes {@code row[j]} into every row of the {@code m x n} matrix {@code c} (a bias before an accumulating product). */
    public static void broadcastRow(int m, int n, FloatMatrix row, FloatMatrix c) {
        float[] ca = c.array(), ra = row.array();
        if (ca != null && ra != null && c.colStride() == 1 && row.colStride() == 1) {
            int r0 = (int) row.offset();
            for (int i = 0; i < m; i++) System.arraycopy(ra, r0, ca, (int) (c.offset() + i * c.rowStride()), n);
            return;
        }
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) c.set(i, j, row.get(0, j));
    }

    private static int roundUp(int x, int unit) { return (x + unit - 1) / unit * unit; }

    /** Small products: a plain loop, no packing (its overhead dominates below {@link #SMALL}). */
    private static void direct(int k, FloatMatrix a, FloatMatrix b, FloatMatrix c, boolean accumulate,
                               int m0, int m1, int n0, int n1) {
        float[] aa = a.array(), ba = b.array();
        for (int i = m0; i < m1; i++) {
            for (int j = n0; j < n1; j++) {
                float s = 0f;
                if (aa != null && ba != null) {
                    long ia = a.offset() + i * a.rowStride(), ib = b.offset() + j * b.colStride();
                    long sa = a.colStride(), sb = b.rowStride();
                    for (int p = 0; p < k; p++) s = Math.fma(aa[(int) (ia + p * sa)], ba[(int) (ib + p * sb)], s);
                } else {
                    for (int p = 0; p < k; p++) s = Math.fma(a.get(i, p), b.get(p, j), s);
                }
                c.set(i, j, accumulate ? c.get(i, j) + s : s);
            }
        }
    }

    /** Adds (or writes) the {@code rows x cols} corner of a tile into C at {@code (i0, j0)}. */
    private static void addTile(float[] tile, int ldt, FloatMatrix c, int i0, int j0, int rows, int cols, boolean acc) {
        float[] arr = c.array();
        if (arr != null && c.rowStride() == 1) {
            // a transposed C: the tile's columns are C's contiguous rows
            for (int j = 0; j < cols; j++) {
                int at = (int) (c.offset() + i0 + (long) (j0 + j) * c.colStride());
                for (int r = 0; r < rows; r++) {
                    float v = tile[r * ldt + j];
                    arr[at + r] = acc ? arr[at + r] + v : v;
                }
            }
            return;
        }
        for (int r = 0; r < rows; r++) {
            if (arr != null) {
                long at = c.offset() + (long) (i0 + r) * c.rowStride() + (long) j0 * c.colStride();
                long cs = c.colStride();
                for (int j = 0; j < cols; j++, at += cs) {
                    float v = tile[r * ldt + j];
                    arr[(int) at] = acc ? arr[(int) at] + v : v;
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    float v = tile[r * ldt + j];
                    c.set(i0 + r, j0 + j, acc ? c.get(i0 + r, j0 + j) + v : v);
                }
            }
        }
    }

    /**
     * Packs {@code A[i0 : i0+mb, p0 : p0+kb]} into {@code mr}-row micro-panels: panel {@code q} holds, for each
     * {@code p}, the {@code mr} elements {@code A[i0 + q*mr + r, p0 + p]}; rows past {@code mb} are zero.
     */
    private void packA(FloatMatrix a, int i0, int p0, int mb, int kb, float[] pa) {
        int mr = kernel.mr;
        float[] arr = a.array();
        int dst = 0;
        int[] map = null;
        long mapStride = 0;
        for (int ir = 0; ir < mb; ir += mr) {
            int rows = Math.min(mr, mb - ir);
            if (arr != null) {
                long rs = a.rowStride(), cs = a.colStride();
                long base = a.offset() + (i0 + ir) * rs + p0 * cs;
                if (cs == 1 && rows == mr && rs > 0 && rs * mr < Integer.MAX_VALUE) {
                    // row-major A, a full panel: vector gathers (several times faster than element by element)
                    if (map == null || mapStride != rs) {
                        map = kernel.rowMap((int) rs);
                        mapStride = rs;
                    }
                    kernel.packRows(arr, (int) base, (int) rs, map, kb, pa, dst);
                    dst += kb * mr;
                } else if (rs == 1) {
                    for (int p = 0; p < kb; p++, dst += mr) {
                        int src = (int) (base + p * cs);
                        System.arraycopy(arr, src, pa, dst, rows);
                        for (int r = rows; r < mr; r++) pa[dst + r] = 0f;
                    }
                } else {
                    for (int p = 0; p < kb; p++, dst += mr) {
                        long src = base + p * cs;
                        for (int r = 0; r < rows; r++) pa[dst + r] = arr[(int) (src + r * rs)];
                        for (int r = rows; r < mr; r++) pa[dst + r] = 0f;
                    }
                }
            } else {
                for (int p = 0; p < kb; p++, dst += mr) {
                    for (int r = 0; r < rows; r++) pa[dst + r] = a.get(i0 + ir + r, p0 + p);
                    for (int r = rows; r < mr; r++) pa[dst + r] = 0f;
                }
            }
        }
    }

    /**
     * Packs {@code B[p0 : p0+kb, j0 : j0+nb]} into {@code nr}-column micro-panels: panel {@code q} holds, for
     * each {@code p}, the {@code nr} elements {@code B[p0 + p, j0 + q*nr + j]}; columns past {@code nb} are zero.
     */
    private void packB(FloatMatrix b, int p0, int j0, int kb, int nb, float[] pb) {
        int nr = kernel.nr;
        float[] arr = b.array();
        int dst = 0;
        int[] map = null;
        long mapStride = 0;
        for (int jr = 0; jr < nb; jr += nr, dst += kb * nr) {
            int cols = Math.min(nr, nb - jr);
            if (arr != null) {
                long rs = b.rowStride(), cs = b.colStride();
                long base = b.offset() + p0 * rs + (j0 + jr) * cs;
                if (rs == 1 && cols == nr && cs > 0 && cs * nr < Integer.MAX_VALUE) {
                    // column-major B (a transposed view, e.g. linear's weight), a full panel: an in-register
                    // transpose where the kernel has one, else vector gathers
                    if (kernel.packColsTransposed(arr, (int) base, (int) cs, kb, pb, dst)) continue;
                    if (map == null || mapStride != cs) {
                        map = kernel.colMap((int) cs);
                        mapStride = cs;
                    }
                    kernel.packCols(arr, (int) base, map, kb, pb, dst);
                } else if (cs == 1) {
                    for (int p = 0, d = dst; p < kb; p++, d += nr) {
                        System.arraycopy(arr, (int) (base + p * rs), pb, d, cols);
                        for (int j = cols; j < nr; j++) pb[d + j] = 0f;
                    }
                } else {
                    // column by column: contiguous reads when B is column-major (a transposed view)
                    for (int j = 0; j < cols; j++) {
                        long src = base + j * cs;
                        for (int p = 0, d = dst + j; p < kb; p++, d += nr) pb[d] = arr[(int) (src + p * rs)];
                    }
                    if (cols < nr) {
                        for (int p = 0, d = dst; p < kb; p++, d += nr) for (int j = cols; j < nr; j++) pb[d + j] = 0f;
                    }
                }
            } else {
                for (int p = 0, d = dst; p < kb; p++, d += nr) {
                    for (int j = 0; j < cols; j++) pb[d + j] = b.get(p0 + p, j0 + jr + j);
                    for (int j = cols; j < nr; j++) pb[d + j] = 0f;
                }
            }
        }
    }

    /** One thread's packing buffers, grown on demand and reused across calls. */
    private static final class Buffers {
        private float[] a = new float[0], b = new float[0], t = new float[0], s = new float[0];

        float[] scratch(int size) { return s.length >= size ? s : (s = new float[size]); }

        float[] packA(int size) { return a.length >= size ? a : (a = new float[size]); }

        float[] packB(int size) { return b.length >= size ? b : (b = new float[size]); }

        float[] tile(int size) { return t.length >= size ? t : (t = new float[size]); }
    }
}
