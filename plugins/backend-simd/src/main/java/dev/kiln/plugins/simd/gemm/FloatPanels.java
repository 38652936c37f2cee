package dev.kiln.plugins.simd.gemm;

/**
 * A B operand that packs itself: lets a caller whose B is implicit (conv2d's im2col columns, computed from
 * the image) write {@link FloatGemm}'s packed panels directly, without materialising B first.
 */
// template: gen.sh derives the 64-bit type from this file; edit it and rerun gen.sh
interface FloatPanels {
    /**
     * Packs {@code B[p0 : p0+kb, j0 : j0+nb]} into {@code nr}-column micro-panels at the start of {@code pb}:
     * panel {@code q} ({@code kb * nr} elements) holds, for each {@code p}, the {@code nr} elements
     * {@code B[p0 + p, j0 + q*nr + j]}, zero past column {@code nb}.
     */
    void pack(int p0, int j0, int kb, int nb, float[] pb, int nr);
}
