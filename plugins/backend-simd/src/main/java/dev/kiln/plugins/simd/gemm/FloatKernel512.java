package dev.kiln.plugins.simd.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * 6 x 3-vector micro-kernel on 512-bit vectors: 18 accumulators stay in registers, each k step loads three B
 * vectors and broadcasts six A elements.
 */
// template: gen.sh derives the other widths and the 64-bit type from this file; edit it and rerun gen.sh
final class FloatKernel512 extends FloatMicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int L = S.length();
    private static final int MR = 6;
    private static final int NR = 3 * L;

    FloatKernel512() { super(MR, NR); }

    @Override
    void run(int kc, float[] pa, int pa0, float[] pb, int pb0, float[] c, int c0, int ldc, boolean accumulate) {
        // two separately compiled bodies: one method holding both would exceed C2's inlining node budget,
        // leaving vector operations un-inlined (boxed) and 6x slower
        if (accumulate) accumulate(kc, pa, pa0, pb, pb0, c, c0, ldc);
        else overwrite(kc, pa, pa0, pb, pb0, c, c0, ldc);
    }

    /** C = A~ B~. */
    private static void overwrite(int kc, float[] pa, int pa0, float[] pb, int pb0, float[] c, int c0, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00;
        FloatVector c50 = c00, c51 = c00, c52 = c00;
        int ia = pa0, ib = pb0;
        for (int p = 0; p < kc; p++, ia += MR, ib += NR) {
            FloatVector b0 = FloatVector.fromArray(S, pb, ib);
            FloatVector b1 = FloatVector.fromArray(S, pb, ib + L);
            FloatVector b2 = FloatVector.fromArray(S, pb, ib + 2 * L);
            FloatVector a = FloatVector.broadcast(S, pa[ia]);
            c00 = a.fma(b0, c00); c01 = a.fma(b1, c01); c02 = a.fma(b2, c02);
            a = FloatVector.broadcast(S, pa[ia + 1]);
            c10 = a.fma(b0, c10); c11 = a.fma(b1, c11); c12 = a.fma(b2, c12);
            a = FloatVector.broadcast(S, pa[ia + 2]);
            c20 = a.fma(b0, c20); c21 = a.fma(b1, c21); c22 = a.fma(b2, c22);
            a = FloatVector.broadcast(S, pa[ia + 3]);
            c30 = a.fma(b0, c30); c31 = a.fma(b1, c31); c32 = a.fma(b2, c32);
            a = FloatVector.broadcast(S, pa[ia + 4]);
            c40 = a.fma(b0, c40); c41 = a.fma(b1, c41); c42 = a.fma(b2, c42);
            a = FloatVector.broadcast(S, pa[ia + 5]);
            c50 = a.fma(b0, c50); c51 = a.fma(b1, c51); c52 = a.fma(b2, c52);
        }
        int i = c0;
        c00.intoArray(c, i); c01.intoArray(c, i + L); c02.intoArray(c, i + 2 * L); i += ldc;
        c10.intoArray(c, i); c11.intoArray(c, i + L); c12.intoArray(c, i + 2 * L); i += ldc;
        c20.intoArray(c, i); c21.intoArray(c, i + L); c22.intoArray(c, i + 2 * L); i += ldc;
        c30.intoArray(c, i); c31.intoArray(c, i + L); c32.intoArray(c, i + 2 * L); i += ldc;
        c40.intoArray(c, i); c41.intoArray(c, i + L); c42.intoArray(c, i + 2 * L); i += ldc;
        c50.intoArray(c, i); c51.intoArray(c, i + L); c52.intoArray(c, i + 2 * L);
    }

    /** C += A~ B~: the accumulators start from C. */
    private static void accumulate(int kc, float[] pa, int pa0, float[] pb, int pb0, float[] c, int c0, int ldc) {
        int i = c0;
        FloatVector c00 = FloatVector.fromArray(S, c, i), c01 = FloatVector.fromArray(S, c, i + L), c02 = FloatVector.fromArray(S, c, i + 2 * L);
        i += ldc;
        FloatVector c10 = FloatVector.fromArray(S, c, i), c11 = FloatVector.fromArray(S, c, i + L), c12 = FloatVector.fromArray(S, c, i + 2 * L);
        i += ldc;
        FloatVector c20 = FloatVector.fromArray(S, c, i), c21 = FloatVector.fromArray(S, c, i + L), c22 = FloatVector.fromArray(S, c, i + 2 * L);
        i += ldc;
        FloatVector c30 = FloatVector.fromArray(S, c, i), c31 = FloatVector.fromArray(S, c, i + L), c32 = FloatVector.fromArray(S, c, i + 2 * L);
        i += ldc;
        FloatVector c40 = FloatVector.fromArray(S, c, i), c41 = FloatVector.fromArray(S, c, i + L), c42 = FloatVector.fromArray(S, c, i + 2 * L);
        i += ldc;
        FloatVector c50 = FloatVector.fromArray(S, c, i), c51 = FloatVector.fromArray(S, c, i + L), c52 = FloatVector.fromArray(S, c, i + 2 * L);
        int ia = pa0, ib = pb0;
        for (int p = 0; p < kc; p++, ia += MR, ib += NR) {
            FloatVector b0 = FloatVector.fromArray(S, pb, ib);
            FloatVector b1 = FloatVector.fromArray(S, pb, ib + L);
            FloatVector b2 = FloatVector.fromArray(S, pb, ib + 2 * L);
            FloatVector a = FloatVector.broadcast(S, pa[ia]);
            c00 = a.fma(b0, c00); c01 = a.fma(b1, c01); c02 = a.fma(b2, c02);
            a = FloatVector.broadcast(S, pa[ia + 1]);
            c10 = a.fma(b0, c10); c11 = a.fma(b1, c11); c12 = a.fma(b2, c12);
            a = FloatVector.broadcast(S, pa[ia + 2]);
            c20 = a.fma(b0, c20); c21 = a.fma(b1, c21); c22 = a.fma(b2, c22);
            a = FloatVector.broadcast(S, pa[ia + 3]);
            c30 = a.fma(b0, c30); c31 = a.fma(b1, c31); c32 = a.fma(b2, c32);
            a = FloatVector.broadcast(S, pa[ia + 4]);
            c40 = a.fma(b0, c40); c41 = a.fma(b1, c41); c42 = a.fma(b2, c42);
            a = FloatVector.broadcast(S, pa[ia + 5]);
            c50 = a.fma(b0, c50); c51 = a.fma(b1, c51); c52 = a.fma(b2, c52);
        }
        i = c0;
        c00.intoArray(c, i); c01.intoArray(c, i + L); c02.intoArray(c, i + 2 * L); i += ldc;
        c10.intoArray(c, i); c11.intoArray(c, i + L); c12.intoArray(c, i + 2 * L); i += ldc;
        c20.intoArray(c, i); c21.intoArray(c, i + L); c22.intoArray(c, i + 2 * L); i += ldc;
        c30.intoArray(c, i); c31.intoArray(c, i + L); c32.intoArray(c, i + 2 * L); i += ldc;
        c40.intoArray(c, i); c41.intoArray(c, i + L); c42.intoArray(c, i + 2 * L); i += ldc;
        c50.intoArray(c, i); c51.intoArray(c, i + L); c52.intoArray(c, i + 2 * L);
    }

    @Override
    int lanes() { return L; }

    @Override
    void packRows(float[] a, int base, int rs, int[] map, int kb, float[] pa, int dst) {
        int p = 0;
        for (; p + L <= kb; p += L, dst += MR * L) {
            // MR gathers write L steps of MR elements: lane l of vector q is A[(q*L + l) % MR, p + (q*L + l) / MR]
            for (int q = 0; q < MR; q++) FloatVector.fromArray(S, a, base + p, map, q * L).intoArray(pa, dst + q * L);
        }
        for (; p < kb; p++, dst += MR) {
            for (int r = 0; r < MR; r++) pa[dst + r] = a[base + r * rs + p];
        }
    }

    @Override
    void packCols(float[] b, int base, int[] map, int kb, float[] pb, int dst) {
        for (int p = 0; p < kb; p++, dst += NR) {
            FloatVector.fromArray(S, b, base + p, map, 0).intoArray(pb, dst);
            FloatVector.fromArray(S, b, base + p, map, L).intoArray(pb, dst + L);
            FloatVector.fromArray(S, b, base + p, map, 2 * L).intoArray(pb, dst + 2 * L);
        }
    }
}
