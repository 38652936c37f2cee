package dev.kiln.plugins.simd.gemm;

import java.lang.invoke.MethodHandles;
import dev.kiln.plugins.simd.VMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * 6 x 3-vector micro-kernel on vectors of the width it was defined for ({@link FloatMicroKernel#forSpecies}
 * defines this class once per width as a hidden class whose class data is the width, so {@code S} is a
 * {@code static final} JIT constant): 18 accumulators stay in registers, each k step loads three B
 * vectors and broadcasts six A elements.
 */
// template: gen.sh derives the 64-bit type from this file; edit it and rerun gen.sh
public final class FloatKernel extends FloatMicroKernel {
    private static final VectorSpecies<Float> S =
            VectorSpecies.of(float.class, VectorShape.forBitSize(MicroKernels.bits(MethodHandles.lookup())));
    private static final int L = S.length();
    private static final int MR = 6;
    private static final int NR = 3 * L;

    /** Made by {@link FloatMicroKernel#forSpecies} only, once per width. */
    public FloatKernel() { super(MR, NR); }

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
    void run(int kc, float[] pa, int pa0, int ars, int acs, float[] pb, int pb0, int ldb, float[] c, int c0, int ldc, boolean accumulate) {
        // separate bodies from the packed ones: variable strides cost the packed kernel ~7% at n=1024
        if (accumulate) accumulateStrided(kc, pa, pa0, ars, acs, pb, pb0, ldb, c, c0, ldc);
        else overwriteStrided(kc, pa, pa0, ars, acs, pb, pb0, ldb, c, c0, ldc);
    }

    /** {@link #overwrite} with A~ element (r, p) at {@code pa0 + r*ars + p*acs} and B~ row p at {@code pb0 + p*ldb} (read in place). */
    private static void overwriteStrided(int kc, float[] pa, int pa0, int ars, int acs, float[] pb, int pb0, int ldb, float[] c, int c0, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00;
        FloatVector c50 = c00, c51 = c00, c52 = c00;
        int a1 = ars, a2 = 2 * ars, a3 = 3 * ars, a4 = 4 * ars, a5 = 5 * ars;
        int ia = pa0, ib = pb0;
        for (int p = 0; p < kc; p++, ia += acs, ib += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, pb, ib);
            FloatVector b1 = FloatVector.fromArray(S, pb, ib + L);
            FloatVector b2 = FloatVector.fromArray(S, pb, ib + 2 * L);
            FloatVector a = FloatVector.broadcast(S, pa[ia]);
            c00 = a.fma(b0, c00); c01 = a.fma(b1, c01); c02 = a.fma(b2, c02);
            a = FloatVector.broadcast(S, pa[ia + a1]);
            c10 = a.fma(b0, c10); c11 = a.fma(b1, c11); c12 = a.fma(b2, c12);
            a = FloatVector.broadcast(S, pa[ia + a2]);
            c20 = a.fma(b0, c20); c21 = a.fma(b1, c21); c22 = a.fma(b2, c22);
            a = FloatVector.broadcast(S, pa[ia + a3]);
            c30 = a.fma(b0, c30); c31 = a.fma(b1, c31); c32 = a.fma(b2, c32);
            a = FloatVector.broadcast(S, pa[ia + a4]);
            c40 = a.fma(b0, c40); c41 = a.fma(b1, c41); c42 = a.fma(b2, c42);
            a = FloatVector.broadcast(S, pa[ia + a5]);
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

    /** {@link #accumulate} with A~ element (r, p) at {@code pa0 + r*ars + p*acs} and B~ row p at {@code pb0 + p*ldb} (read in place). */
    private static void accumulateStrided(int kc, float[] pa, int pa0, int ars, int acs, float[] pb, int pb0, int ldb, float[] c, int c0, int ldc) {
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
        int a1 = ars, a2 = 2 * ars, a3 = 3 * ars, a4 = 4 * ars, a5 = 5 * ars;
        int ia = pa0, ib = pb0;
        for (int p = 0; p < kc; p++, ia += acs, ib += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, pb, ib);
            FloatVector b1 = FloatVector.fromArray(S, pb, ib + L);
            FloatVector b2 = FloatVector.fromArray(S, pb, ib + 2 * L);
            FloatVector a = FloatVector.broadcast(S, pa[ia]);
            c00 = a.fma(b0, c00); c01 = a.fma(b1, c01); c02 = a.fma(b2, c02);
            a = FloatVector.broadcast(S, pa[ia + a1]);
            c10 = a.fma(b0, c10); c11 = a.fma(b1, c11); c12 = a.fma(b2, c12);
            a = FloatVector.broadcast(S, pa[ia + a2]);
            c20 = a.fma(b0, c20); c21 = a.fma(b1, c21); c22 = a.fma(b2, c22);
            a = FloatVector.broadcast(S, pa[ia + a3]);
            c30 = a.fma(b0, c30); c31 = a.fma(b1, c31); c32 = a.fma(b2, c32);
            a = FloatVector.broadcast(S, pa[ia + a4]);
            c40 = a.fma(b0, c40); c41 = a.fma(b1, c41); c42 = a.fma(b2, c42);
            a = FloatVector.broadcast(S, pa[ia + a5]);
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

    /** Two-source shuffles of the 16 x 16 block transpose (null unless the vectors have 16 lanes). */
    private static final VectorShuffle<Float> LO8 = swap(8, false), HI8 = swap(8, true), LO4 = swap(4, false),
            HI4 = swap(4, true), LO2 = swap(2, false), HI2 = swap(2, true), LO1 = swap(1, false), HI1 = swap(1, true);

    /**
     * The shuffle of one level of the block-swap transpose: for rows {@code i} and {@code i + s} ({@code i & s == 0}),
     * the low result keeps {@code r_i}'s lanes {@code l} with {@code l & s == 0} and takes {@code r_{i+s}[l - s]}
     * for the others; the high result takes {@code r_i[l + s]} and keeps {@code r_{i+s}[l]}. (Negative indexes
     * select from the second vector.)
     */
    private static VectorShuffle<Float> swap(int s, boolean high) {
        if (L != 16) return null;
        int[] idx = new int[L];
        for (int l = 0; l < L; l++) {
            idx[l] = (l & s) == 0 ? (high ? l + s : l) : (high ? l - L : l - s - L);
        }
        return VectorShuffle.fromArray(S, idx, 0);
    }

    @Override
    boolean packColsTransposed(float[] b, int base, int cs, int kb, float[] pb, int dst) {
        if (L != 16) return false;
        int p = 0;
        for (; p + L <= kb; p += L) {
            for (int g = 0; g < NR; g += L) {
                int at = base + g * cs + p;
                FloatVector r0 = FloatVector.fromArray(S, b, at);
                FloatVector r1 = FloatVector.fromArray(S, b, at + 1 * cs);
                FloatVector r2 = FloatVector.fromArray(S, b, at + 2 * cs);
                FloatVector r3 = FloatVector.fromArray(S, b, at + 3 * cs);
                FloatVector r4 = FloatVector.fromArray(S, b, at + 4 * cs);
                FloatVector r5 = FloatVector.fromArray(S, b, at + 5 * cs);
                FloatVector r6 = FloatVector.fromArray(S, b, at + 6 * cs);
                FloatVector r7 = FloatVector.fromArray(S, b, at + 7 * cs);
                FloatVector r8 = FloatVector.fromArray(S, b, at + 8 * cs);
                FloatVector r9 = FloatVector.fromArray(S, b, at + 9 * cs);
                FloatVector r10 = FloatVector.fromArray(S, b, at + 10 * cs);
                FloatVector r11 = FloatVector.fromArray(S, b, at + 11 * cs);
                FloatVector r12 = FloatVector.fromArray(S, b, at + 12 * cs);
                FloatVector r13 = FloatVector.fromArray(S, b, at + 13 * cs);
                FloatVector r14 = FloatVector.fromArray(S, b, at + 14 * cs);
                FloatVector r15 = FloatVector.fromArray(S, b, at + 15 * cs);
                FloatVector t8_0 = r0.rearrange(LO8, r8), t8_8 = r0.rearrange(HI8, r8);
                FloatVector t8_1 = r1.rearrange(LO8, r9), t8_9 = r1.rearrange(HI8, r9);
                FloatVector t8_2 = r2.rearrange(LO8, r10), t8_10 = r2.rearrange(HI8, r10);
                FloatVector t8_3 = r3.rearrange(LO8, r11), t8_11 = r3.rearrange(HI8, r11);
                FloatVector t8_4 = r4.rearrange(LO8, r12), t8_12 = r4.rearrange(HI8, r12);
                FloatVector t8_5 = r5.rearrange(LO8, r13), t8_13 = r5.rearrange(HI8, r13);
                FloatVector t8_6 = r6.rearrange(LO8, r14), t8_14 = r6.rearrange(HI8, r14);
                FloatVector t8_7 = r7.rearrange(LO8, r15), t8_15 = r7.rearrange(HI8, r15);
                FloatVector t4_0 = t8_0.rearrange(LO4, t8_4), t4_4 = t8_0.rearrange(HI4, t8_4);
                FloatVector t4_1 = t8_1.rearrange(LO4, t8_5), t4_5 = t8_1.rearrange(HI4, t8_5);
                FloatVector t4_2 = t8_2.rearrange(LO4, t8_6), t4_6 = t8_2.rearrange(HI4, t8_6);
                FloatVector t4_3 = t8_3.rearrange(LO4, t8_7), t4_7 = t8_3.rearrange(HI4, t8_7);
                FloatVector t4_8 = t8_8.rearrange(LO4, t8_12), t4_12 = t8_8.rearrange(HI4, t8_12);
                FloatVector t4_9 = t8_9.rearrange(LO4, t8_13), t4_13 = t8_9.rearrange(HI4, t8_13);
                FloatVector t4_10 = t8_10.rearrange(LO4, t8_14), t4_14 = t8_10.rearrange(HI4, t8_14);
                FloatVector t4_11 = t8_11.rearrange(LO4, t8_15), t4_15 = t8_11.rearrange(HI4, t8_15);
                FloatVector t2_0 = t4_0.rearrange(LO2, t4_2), t2_2 = t4_0.rearrange(HI2, t4_2);
                FloatVector t2_1 = t4_1.rearrange(LO2, t4_3), t2_3 = t4_1.rearrange(HI2, t4_3);
                FloatVector t2_4 = t4_4.rearrange(LO2, t4_6), t2_6 = t4_4.rearrange(HI2, t4_6);
                FloatVector t2_5 = t4_5.rearrange(LO2, t4_7), t2_7 = t4_5.rearrange(HI2, t4_7);
                FloatVector t2_8 = t4_8.rearrange(LO2, t4_10), t2_10 = t4_8.rearrange(HI2, t4_10);
                FloatVector t2_9 = t4_9.rearrange(LO2, t4_11), t2_11 = t4_9.rearrange(HI2, t4_11);
                FloatVector t2_12 = t4_12.rearrange(LO2, t4_14), t2_14 = t4_12.rearrange(HI2, t4_14);
                FloatVector t2_13 = t4_13.rearrange(LO2, t4_15), t2_15 = t4_13.rearrange(HI2, t4_15);
                FloatVector t1_0 = t2_0.rearrange(LO1, t2_1), t1_1 = t2_0.rearrange(HI1, t2_1);
                FloatVector t1_2 = t2_2.rearrange(LO1, t2_3), t1_3 = t2_2.rearrange(HI1, t2_3);
                FloatVector t1_4 = t2_4.rearrange(LO1, t2_5), t1_5 = t2_4.rearrange(HI1, t2_5);
                FloatVector t1_6 = t2_6.rearrange(LO1, t2_7), t1_7 = t2_6.rearrange(HI1, t2_7);
                FloatVector t1_8 = t2_8.rearrange(LO1, t2_9), t1_9 = t2_8.rearrange(HI1, t2_9);
                FloatVector t1_10 = t2_10.rearrange(LO1, t2_11), t1_11 = t2_10.rearrange(HI1, t2_11);
                FloatVector t1_12 = t2_12.rearrange(LO1, t2_13), t1_13 = t2_12.rearrange(HI1, t2_13);
                FloatVector t1_14 = t2_14.rearrange(LO1, t2_15), t1_15 = t2_14.rearrange(HI1, t2_15);
                int d = dst + p * NR + g;
                t1_0.intoArray(pb, d);
                t1_1.intoArray(pb, d + 1 * NR);
                t1_2.intoArray(pb, d + 2 * NR);
                t1_3.intoArray(pb, d + 3 * NR);
                t1_4.intoArray(pb, d + 4 * NR);
                t1_5.intoArray(pb, d + 5 * NR);
                t1_6.intoArray(pb, d + 6 * NR);
                t1_7.intoArray(pb, d + 7 * NR);
                t1_8.intoArray(pb, d + 8 * NR);
                t1_9.intoArray(pb, d + 9 * NR);
                t1_10.intoArray(pb, d + 10 * NR);
                t1_11.intoArray(pb, d + 11 * NR);
                t1_12.intoArray(pb, d + 12 * NR);
                t1_13.intoArray(pb, d + 13 * NR);
                t1_14.intoArray(pb, d + 14 * NR);
                t1_15.intoArray(pb, d + 15 * NR);
            }
        }
        for (; p < kb; p++) {
            for (int j = 0; j < NR; j++) pb[dst + p * NR + j] = b[base + j * cs + p];
        }
        return true;
    }

    @Override
    void dots(int m, int n, int k, float[] a, int a0, int lda, float[] b, int b0, int ldb, float[] c, int c0, int ldc,
              int csc, boolean accumulate) {
        for (int i = 0; i < m; i += 2) {
            int i1 = Math.min(i + 1, m - 1); // an odd last row is computed twice, written once
            int ra0 = a0 + i * lda, ra1 = a0 + i1 * lda;
            for (int j = 0; j < n; j += 2) {
                int j1 = Math.min(j + 1, n - 1);
                int rb0 = b0 + j * ldb, rb1 = b0 + j1 * ldb;
                FloatVector s00 = FloatVector.zero(S), s01 = s00, s10 = s00, s11 = s00;
                int p = 0;
                for (; p + L <= k; p += L) {
                    FloatVector x0 = FloatVector.fromArray(S, a, ra0 + p), x1 = FloatVector.fromArray(S, a, ra1 + p);
                    FloatVector y0 = FloatVector.fromArray(S, b, rb0 + p), y1 = FloatVector.fromArray(S, b, rb1 + p);
                    s00 = x0.fma(y0, s00); s01 = x0.fma(y1, s01); s10 = x1.fma(y0, s10); s11 = x1.fma(y1, s11);
                }
                float d00 = VMath.sum(s00), d01 = VMath.sum(s01);
                float d10 = VMath.sum(s10), d11 = VMath.sum(s11);
                for (; p < k; p++) {
                    d00 = Math.fma(a[ra0 + p], b[rb0 + p], d00); d01 = Math.fma(a[ra0 + p], b[rb1 + p], d01);
                    d10 = Math.fma(a[ra1 + p], b[rb0 + p], d10); d11 = Math.fma(a[ra1 + p], b[rb1 + p], d11);
                }
                int at = c0 + i * ldc + j * csc;
                c[at] = accumulate ? c[at] + d00 : d00;
                if (j1 != j) c[at + csc] = accumulate ? c[at + csc] + d01 : d01;
                if (i1 != i) {
                    at += ldc;
                    c[at] = accumulate ? c[at] + d10 : d10;
                    if (j1 != j) c[at + csc] = accumulate ? c[at + csc] + d11 : d11;
                }
            }
        }
    }

    @Override
    void runNarrow(int vectors, int kc, float[] pa, int pa0, int ars, int acs, float[] pb, int pb0, int ldb, float[] c, int c0, int ldc) {
        if (vectors == 1) narrow1(kc, pa, pa0, ars, acs, pb, pb0, ldb, c, c0, ldc);
        else narrow2(kc, pa, pa0, ars, acs, pb, pb0, ldb, c, c0, ldc);
    }

    /** {@link #runNarrow} with 1 vector. */
    private static void narrow1(int kc, float[] pa, int pa0, int ars, int acs, float[] pb, int pb0, int ldb, float[] c, int c0, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c10 = c00, c20 = c00, c30 = c00, c40 = c00, c50 = c00;
        int a1 = ars, a2 = 2 * ars, a3 = 3 * ars, a4 = 4 * ars, a5 = 5 * ars;
        int ia = pa0, ib = pb0;
        for (int p = 0; p < kc; p++, ia += acs, ib += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, pb, ib);
            FloatVector x0 = FloatVector.broadcast(S, pa[ia]);
            c00 = x0.fma(b0, c00);
            FloatVector x1 = FloatVector.broadcast(S, pa[ia + a1]);
            c10 = x1.fma(b0, c10);
            FloatVector x2 = FloatVector.broadcast(S, pa[ia + a2]);
            c20 = x2.fma(b0, c20);
            FloatVector x3 = FloatVector.broadcast(S, pa[ia + a3]);
            c30 = x3.fma(b0, c30);
            FloatVector x4 = FloatVector.broadcast(S, pa[ia + a4]);
            c40 = x4.fma(b0, c40);
            FloatVector x5 = FloatVector.broadcast(S, pa[ia + a5]);
            c50 = x5.fma(b0, c50);
        }
        c00.intoArray(c, c0 + 0 * ldc);
        c10.intoArray(c, c0 + 1 * ldc);
        c20.intoArray(c, c0 + 2 * ldc);
        c30.intoArray(c, c0 + 3 * ldc);
        c40.intoArray(c, c0 + 4 * ldc);
        c50.intoArray(c, c0 + 5 * ldc);
    }

    /** {@link #runNarrow} with 2 vectors. */
    private static void narrow2(int kc, float[] pa, int pa0, int ars, int acs, float[] pb, int pb0, int ldb, float[] c, int c0, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        int a1 = ars, a2 = 2 * ars, a3 = 3 * ars, a4 = 4 * ars, a5 = 5 * ars;
        int ia = pa0, ib = pb0;
        for (int p = 0; p < kc; p++, ia += acs, ib += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, pb, ib);
            FloatVector b1 = FloatVector.fromArray(S, pb, ib + L);
            FloatVector x0 = FloatVector.broadcast(S, pa[ia]);
            c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01);
            FloatVector x1 = FloatVector.broadcast(S, pa[ia + a1]);
            c10 = x1.fma(b0, c10); c11 = x1.fma(b1, c11);
            FloatVector x2 = FloatVector.broadcast(S, pa[ia + a2]);
            c20 = x2.fma(b0, c20); c21 = x2.fma(b1, c21);
            FloatVector x3 = FloatVector.broadcast(S, pa[ia + a3]);
            c30 = x3.fma(b0, c30); c31 = x3.fma(b1, c31);
            FloatVector x4 = FloatVector.broadcast(S, pa[ia + a4]);
            c40 = x4.fma(b0, c40); c41 = x4.fma(b1, c41);
            FloatVector x5 = FloatVector.broadcast(S, pa[ia + a5]);
            c50 = x5.fma(b0, c50); c51 = x5.fma(b1, c51);
        }
        c00.intoArray(c, c0 + 0 * ldc); c01.intoArray(c, c0 + 0 * ldc + L);
        c10.intoArray(c, c0 + 1 * ldc); c11.intoArray(c, c0 + 1 * ldc + L);
        c20.intoArray(c, c0 + 2 * ldc); c21.intoArray(c, c0 + 2 * ldc + L);
        c30.intoArray(c, c0 + 3 * ldc); c31.intoArray(c, c0 + 3 * ldc + L);
        c40.intoArray(c, c0 + 4 * ldc); c41.intoArray(c, c0 + 4 * ldc + L);
        c50.intoArray(c, c0 + 5 * ldc); c51.intoArray(c, c0 + 5 * ldc + L);
    }

    @Override
    void runWide(int kc, float[] pa, int pa0, int ars, int acs, float[] pb, int pb0, int pb1, float[] c, int c0, int ldc, boolean accumulate) {
        if (accumulate) wideAccumulate(kc, pa, pa0, ars, acs, pb, pb0, pb1, c, c0, ldc);
        else wideOverwrite(kc, pa, pa0, ars, acs, pb, pb0, pb1, c, c0, ldc);
    }

    /** {@link #runWide}, overwriting C. */
    private static void wideOverwrite(int kc, float[] pa, int pa0, int ars, int acs, float[] pb, int pb0, int pb1, float[] c, int c0, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S), c43 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S), c53 = FloatVector.zero(S);
        int a1 = ars, a2 = 2 * ars, a3 = 3 * ars, a4 = 4 * ars, a5 = 5 * ars;
        int ia = pa0, ib = pb0, ic = pb1;
        for (int p = 0; p < kc; p++, ia += acs, ib += NR, ic += NR) {
            FloatVector b0 = FloatVector.fromArray(S, pb, ib);
            FloatVector b1 = FloatVector.fromArray(S, pb, ib + L);
            FloatVector b2 = FloatVector.fromArray(S, pb, ib + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, pb, ic);
            FloatVector x0 = FloatVector.broadcast(S, pa[ia]);
            c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01); c02 = x0.fma(b2, c02); c03 = x0.fma(b3, c03);
            FloatVector x1 = FloatVector.broadcast(S, pa[ia + a1]);
            c10 = x1.fma(b0, c10); c11 = x1.fma(b1, c11); c12 = x1.fma(b2, c12); c13 = x1.fma(b3, c13);
            FloatVector x2 = FloatVector.broadcast(S, pa[ia + a2]);
            c20 = x2.fma(b0, c20); c21 = x2.fma(b1, c21); c22 = x2.fma(b2, c22); c23 = x2.fma(b3, c23);
            FloatVector x3 = FloatVector.broadcast(S, pa[ia + a3]);
            c30 = x3.fma(b0, c30); c31 = x3.fma(b1, c31); c32 = x3.fma(b2, c32); c33 = x3.fma(b3, c33);
            FloatVector x4 = FloatVector.broadcast(S, pa[ia + a4]);
            c40 = x4.fma(b0, c40); c41 = x4.fma(b1, c41); c42 = x4.fma(b2, c42); c43 = x4.fma(b3, c43);
            FloatVector x5 = FloatVector.broadcast(S, pa[ia + a5]);
            c50 = x5.fma(b0, c50); c51 = x5.fma(b1, c51); c52 = x5.fma(b2, c52); c53 = x5.fma(b3, c53);
        }
        c00.intoArray(c, c0 + 0 * ldc + 0 * L); c01.intoArray(c, c0 + 0 * ldc + 1 * L); c02.intoArray(c, c0 + 0 * ldc + 2 * L); c03.intoArray(c, c0 + 0 * ldc + 3 * L);
        c10.intoArray(c, c0 + 1 * ldc + 0 * L); c11.intoArray(c, c0 + 1 * ldc + 1 * L); c12.intoArray(c, c0 + 1 * ldc + 2 * L); c13.intoArray(c, c0 + 1 * ldc + 3 * L);
        c20.intoArray(c, c0 + 2 * ldc + 0 * L); c21.intoArray(c, c0 + 2 * ldc + 1 * L); c22.intoArray(c, c0 + 2 * ldc + 2 * L); c23.intoArray(c, c0 + 2 * ldc + 3 * L);
        c30.intoArray(c, c0 + 3 * ldc + 0 * L); c31.intoArray(c, c0 + 3 * ldc + 1 * L); c32.intoArray(c, c0 + 3 * ldc + 2 * L); c33.intoArray(c, c0 + 3 * ldc + 3 * L);
        c40.intoArray(c, c0 + 4 * ldc + 0 * L); c41.intoArray(c, c0 + 4 * ldc + 1 * L); c42.intoArray(c, c0 + 4 * ldc + 2 * L); c43.intoArray(c, c0 + 4 * ldc + 3 * L);
        c50.intoArray(c, c0 + 5 * ldc + 0 * L); c51.intoArray(c, c0 + 5 * ldc + 1 * L); c52.intoArray(c, c0 + 5 * ldc + 2 * L); c53.intoArray(c, c0 + 5 * ldc + 3 * L);
    }

    /** {@link #runWide}, adding to C. */
    private static void wideAccumulate(int kc, float[] pa, int pa0, int ars, int acs, float[] pb, int pb0, int pb1, float[] c, int c0, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, c0 + 0 * ldc + 0 * L), c01 = FloatVector.fromArray(S, c, c0 + 0 * ldc + 1 * L), c02 = FloatVector.fromArray(S, c, c0 + 0 * ldc + 2 * L), c03 = FloatVector.fromArray(S, c, c0 + 0 * ldc + 3 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, c0 + 1 * ldc + 0 * L), c11 = FloatVector.fromArray(S, c, c0 + 1 * ldc + 1 * L), c12 = FloatVector.fromArray(S, c, c0 + 1 * ldc + 2 * L), c13 = FloatVector.fromArray(S, c, c0 + 1 * ldc + 3 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, c0 + 2 * ldc + 0 * L), c21 = FloatVector.fromArray(S, c, c0 + 2 * ldc + 1 * L), c22 = FloatVector.fromArray(S, c, c0 + 2 * ldc + 2 * L), c23 = FloatVector.fromArray(S, c, c0 + 2 * ldc + 3 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, c0 + 3 * ldc + 0 * L), c31 = FloatVector.fromArray(S, c, c0 + 3 * ldc + 1 * L), c32 = FloatVector.fromArray(S, c, c0 + 3 * ldc + 2 * L), c33 = FloatVector.fromArray(S, c, c0 + 3 * ldc + 3 * L);
        FloatVector c40 = FloatVector.fromArray(S, c, c0 + 4 * ldc + 0 * L), c41 = FloatVector.fromArray(S, c, c0 + 4 * ldc + 1 * L), c42 = FloatVector.fromArray(S, c, c0 + 4 * ldc + 2 * L), c43 = FloatVector.fromArray(S, c, c0 + 4 * ldc + 3 * L);
        FloatVector c50 = FloatVector.fromArray(S, c, c0 + 5 * ldc + 0 * L), c51 = FloatVector.fromArray(S, c, c0 + 5 * ldc + 1 * L), c52 = FloatVector.fromArray(S, c, c0 + 5 * ldc + 2 * L), c53 = FloatVector.fromArray(S, c, c0 + 5 * ldc + 3 * L);
        int a1 = ars, a2 = 2 * ars, a3 = 3 * ars, a4 = 4 * ars, a5 = 5 * ars;
        int ia = pa0, ib = pb0, ic = pb1;
        for (int p = 0; p < kc; p++, ia += acs, ib += NR, ic += NR) {
            FloatVector b0 = FloatVector.fromArray(S, pb, ib);
            FloatVector b1 = FloatVector.fromArray(S, pb, ib + L);
            FloatVector b2 = FloatVector.fromArray(S, pb, ib + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, pb, ic);
            FloatVector x0 = FloatVector.broadcast(S, pa[ia]);
            c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01); c02 = x0.fma(b2, c02); c03 = x0.fma(b3, c03);
            FloatVector x1 = FloatVector.broadcast(S, pa[ia + a1]);
            c10 = x1.fma(b0, c10); c11 = x1.fma(b1, c11); c12 = x1.fma(b2, c12); c13 = x1.fma(b3, c13);
            FloatVector x2 = FloatVector.broadcast(S, pa[ia + a2]);
            c20 = x2.fma(b0, c20); c21 = x2.fma(b1, c21); c22 = x2.fma(b2, c22); c23 = x2.fma(b3, c23);
            FloatVector x3 = FloatVector.broadcast(S, pa[ia + a3]);
            c30 = x3.fma(b0, c30); c31 = x3.fma(b1, c31); c32 = x3.fma(b2, c32); c33 = x3.fma(b3, c33);
            FloatVector x4 = FloatVector.broadcast(S, pa[ia + a4]);
            c40 = x4.fma(b0, c40); c41 = x4.fma(b1, c41); c42 = x4.fma(b2, c42); c43 = x4.fma(b3, c43);
            FloatVector x5 = FloatVector.broadcast(S, pa[ia + a5]);
            c50 = x5.fma(b0, c50); c51 = x5.fma(b1, c51); c52 = x5.fma(b2, c52); c53 = x5.fma(b3, c53);
        }
        c00.intoArray(c, c0 + 0 * ldc + 0 * L); c01.intoArray(c, c0 + 0 * ldc + 1 * L); c02.intoArray(c, c0 + 0 * ldc + 2 * L); c03.intoArray(c, c0 + 0 * ldc + 3 * L);
        c10.intoArray(c, c0 + 1 * ldc + 0 * L); c11.intoArray(c, c0 + 1 * ldc + 1 * L); c12.intoArray(c, c0 + 1 * ldc + 2 * L); c13.intoArray(c, c0 + 1 * ldc + 3 * L);
        c20.intoArray(c, c0 + 2 * ldc + 0 * L); c21.intoArray(c, c0 + 2 * ldc + 1 * L); c22.intoArray(c, c0 + 2 * ldc + 2 * L); c23.intoArray(c, c0 + 2 * ldc + 3 * L);
        c30.intoArray(c, c0 + 3 * ldc + 0 * L); c31.intoArray(c, c0 + 3 * ldc + 1 * L); c32.intoArray(c, c0 + 3 * ldc + 2 * L); c33.intoArray(c, c0 + 3 * ldc + 3 * L);
        c40.intoArray(c, c0 + 4 * ldc + 0 * L); c41.intoArray(c, c0 + 4 * ldc + 1 * L); c42.intoArray(c, c0 + 4 * ldc + 2 * L); c43.intoArray(c, c0 + 4 * ldc + 3 * L);
        c50.intoArray(c, c0 + 5 * ldc + 0 * L); c51.intoArray(c, c0 + 5 * ldc + 1 * L); c52.intoArray(c, c0 + 5 * ldc + 2 * L); c53.intoArray(c, c0 + 5 * ldc + 3 * L);
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
