package dev.kiln.plugins.simd.gemm;

import jdk.incubator.vector.VectorSpecies;

/**
 * The register-tiled inner kernel of {@link FloatGemm}: {@code C[mr x nr] (+)= A~ * B~} where {@code A~} is a
 * packed micro-panel of A ({@code kc} steps of {@code mr} consecutive elements) and {@code B~} a packed
 * micro-panel of B ({@code kc} steps of {@code nr} consecutive elements). One subclass per vector width,
 * each with its species in a {@code static final} field so that C2 intrinsifies every vector operation.
 */
// template: gen.sh derives the 64-bit type from this file; edit it and rerun gen.sh
abstract class FloatMicroKernel {
    /** Rows of the register tile. */
    final int mr;
    /** Columns of the register tile (a multiple of the vector length). */
    final int nr;

    FloatMicroKernel(int mr, int nr) {
        this.mr = mr;
        this.nr = nr;
    }

    /**
     * Computes one full tile. {@code c} holds the tile row by row with row stride {@code ldc} and unit column
     * stride, starting at {@code c0}; with {@code accumulate} the product is added to it, else it overwrites.
     */
    abstract void run(int kc, float[] pa, int pa0, float[] pb, int pb0, float[] c, int c0, int ldc, boolean accumulate);

    /**
     * {@link #run} with A and B read in place: element {@code (r, p)} of the A micro-panel is
     * {@code pa[pa0 + r*ars + p*acs]} (packed: {@code ars = 1, acs = mr}; a row-major A: {@code ars = lda,
     * acs = 1}), row {@code p} of the B micro-panel is the {@code nr} elements from {@code pb0 + p*ldb} (packed:
     * {@code ldb = nr}; a row-major B: its row stride); all {@code mr} rows and {@code nr} columns must exist.
     */
    abstract void run(int kc, float[] pa, int pa0, int ars, int acs, float[] pb, int pb0, int ldb, float[] c, int c0, int ldc, boolean accumulate);

    /**
     * {@code C (+)= A @ B} as dot products, for a B of few columns where a register tile would mostly compute
     * padding: A row-major ({@code A[i, p] = a[a0 + i*lda + p]}), B column-major ({@code B[p, j] = b[b0 + j*ldb + p]}),
     * {@code C[i, j] = c[c0 + i*ldc + j*csc]}.
     */
    abstract void dots(int m, int n, int k, float[] a, int a0, int lda, float[] b, int b0, int ldb, float[] c, int c0,
                       int ldc, int csc, boolean accumulate);

    /**
     * The first {@code vectors} (1 or 2) vectors of every row of a tile, for a partial last panel of B: as
     * {@link #run(int, float[], int, int, int, float[], int, int, float[], int, int, boolean)} overwriting C,
     * without computing the padding columns.
     */
    abstract void runNarrow(int vectors, int kc, float[] pa, int pa0, int ars, int acs, float[] pb, int pb0, int ldb,
                            float[] c, int c0, int ldc);

    /**
     * A tile of {@code nr + lanes} columns: a full packed B panel at {@code pb0} and the first vector of the next
     * (last) panel at {@code pb1}, both with row stride {@code nr}; A as in
     * {@link #run(int, float[], int, int, int, float[], int, int, float[], int, int, boolean)}; C direct (unit
     * column stride, all {@code nr + lanes} columns exist). For products of {@code nr + lanes} columns (a batch
     * of 64 at 512 bits), where the last panel alone would run a 1-vector kernel.
     */
    abstract void runWide(int kc, float[] pa, int pa0, int ars, int acs, float[] pb, int pb0, int pb1, float[] c, int c0,
                          int ldc, boolean accumulate);

    /** Lanes of the kernel's vectors. */
    abstract int lanes();

    /**
     * Packs one full micro-panel of {@code mr} rows of a row-major A ({@code A[r, p] = a[base + r*rs + p]},
     * {@code p < kb}) into {@code pa} at {@code dst}, with vector gathers; {@code map} is {@link #rowMap(int)}.
     */
    abstract void packRows(float[] a, int base, int rs, int[] map, int kb, float[] pa, int dst);

    /** The gather offsets of {@link #packRows}: entry {@code i} is {@code (i % mr) * rs + i / mr}, for {@code mr * lanes} entries. */
    int[] rowMap(int rs) {
        int[] map = new int[mr * lanes()];
        for (int i = 0; i < map.length; i++) map[i] = (i % mr) * rs + i / mr;
        return map;
    }

    /**
     * Packs one full micro-panel of {@code nr} columns of a column-major B ({@code B[p, j] = b[base + map[j] + p]},
     * {@code map[j] = j * cs}, {@code p < kb}) into {@code pb} at {@code dst}, with vector gathers.
     */
    abstract void packCols(float[] b, int base, int[] map, int kb, float[] pb, int dst);

    /**
     * Packs one full micro-panel of {@code nr} columns of a column-major B ({@code B[p, j] = b[base + j*cs + p]})
     * by loading contiguous columns and transposing them in registers (faster than gathers); false (nothing
     * written) where the kernel has no such path, the caller then uses {@link #packCols}.
     */
    boolean packColsTransposed(float[] b, int base, int cs, int kb, float[] pb, int dst) { return false; }

    /** The gather offsets of {@link #packCols}: {@code j * cs} for {@code j < nr}. */
    int[] colMap(int cs) {
        int[] map = new int[nr];
        for (int j = 0; j < nr; j++) map[j] = j * cs;
        return map;
    }

    /** The kernel for a species width of 128, 256 or 512 bits. */
    static FloatMicroKernel forSpecies(VectorSpecies<Float> species) {
        return switch (species.vectorBitSize()) {
            case 512, 256, 128 -> MicroKernels.instance(FloatKernel.class, FloatMicroKernel.class, species.vectorBitSize());
            default -> throw new IllegalArgumentException("FloatGemm: species of " + species.vectorBitSize()
                    + " bits; valid: 128, 256, 512");
        };
    }
}
