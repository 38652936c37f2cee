package dev.kiln.plugins.simd;

import dev.kiln.DType;
import dev.kiln.spi.View;

/**
 * Same-dtype copies of float32/float64 into a contiguous destination from a source whose unit stride is
 * not on the last dimension (a transposed weight gradient cloned by AccumulateGrad, {@code t().contiguous()}):
 * square tiles, so both the strided reads and the contiguous writes stay in L1, over the heap arrays (tried and
 * slower on this EPYC, one thread, 512 x 784: a vector gather per tile row 405 us, 16 x 64 tiles 384 us, against
 * 227 us for these 16 x 16 scalar tiles; a split from 64K elements gained nothing with both cores busy). The
 * other dimensions are walked one (dimension p, last dimension) plane at a time. Returns false when the views
 * do not fit, and the caller runs the scalar loop.
 */
final class TransposeCopy {
    private TransposeCopy() {}

    /** Tile edge: 16 x 16 floats read as 16 lines and written as 16 lines. */
    private static final int TILE = 16;

    static boolean copy(SimdContext ctx, View src, View dst) {
        DType t = dst.dtype();
        if (src.dtype() != t || (t != DType.FLOAT32 && t != DType.FLOAT64) || !dst.isContiguous()) return false;
        int rank = dst.rank();
        if (rank < 2 || dst.numel() > Integer.MAX_VALUE || dst.numel() < 2 * TILE * TILE) return false;
        int[] shape = dst.shape();
        long[] ss = src.strides();
        int last = rank - 1;
        if (ss[last] == 1 || shape[last] < TILE) return false;
        int p = -1;
        for (int d = last - 1; d >= 0; d--) {
            if (ss[d] == 1 && shape[d] > 1) {
                p = d;
                break;
            }
        }
        if (p < 0 || shape[p] < TILE) return false;
        Object as = FastPaths.array(src);
        Object ad = FastPaths.array(dst);
        if (as == null || ad == null) return false;
        long[] ds = dst.strides();
        int rows = shape[p];
        int cols = shape[last];
        int dRow = (int) ds[p];
        long sCol = ss[last];
        if (sCol > Integer.MAX_VALUE || sCol < 0) return false;
        // planes: every index of the dimensions other than p and last
        long planes = dst.numel() / ((long) rows * cols);
        int sb0 = FastPaths.base(src);
        int db0 = FastPaths.base(dst);
        int rowBlocks = (rows + TILE - 1) / TILE;
        long blocks = planes * rowBlocks;
        long grain = Math.max(1, ctx.grain() / ((long) TILE * cols));
        int pp = p;
        ctx.parallel().forRange(blocks, grain, (s, e) -> {
            for (long b = s; b < e; b++) {
                long plane = b / rowBlocks;
                int i0 = (int) (b % rowBlocks) * TILE;
                int i1 = Math.min(rows, i0 + TILE);
                long so = sb0;
                long doff = db0;
                long rest = plane;
                for (int d = last - 1; d >= 0; d--) {
                    if (d == pp) continue;
                    long idx = rest % shape[d];
                    rest /= shape[d];
                    so += idx * ss[d];
                    doff += idx * ds[d];
                }
                if (as instanceof float[] f) {
                    tile(f, (int) so, (int) sCol, (float[]) ad, (int) doff, dRow, i0, i1, cols);
                } else {
                    tile((double[]) as, (int) so, (int) sCol, (double[]) ad, (int) doff, dRow, i0, i1, cols);
                }
            }
        });
        return true;
    }

    /** {@code d[do + i*dRow + j] = s[so + i + j*sCol]} for rows {@code [i0, i1)}, every column, tile by tile. */
    private static void tile(float[] s, int so, int sCol, float[] d, int dOff, int dRow, int i0, int i1, int cols) {
        for (int j0 = 0; j0 < cols; j0 += TILE) {
            int j1 = Math.min(cols, j0 + TILE);
            for (int i = i0; i < i1; i++) {
                int si = so + i + j0 * sCol;
                int di = dOff + i * dRow;
                for (int j = j0; j < j1; j++, si += sCol) d[di + j] = s[si];
            }
        }
    }

    private static void tile(double[] s, int so, int sCol, double[] d, int dOff, int dRow, int i0, int i1, int cols) {
        for (int j0 = 0; j0 < cols; j0 += TILE) {
            int j1 = Math.min(cols, j0 + TILE);
            for (int i = i0; i < i1; i++) {
                int si = so + i + j0 * sCol;
                int di = dOff + i * dRow;
                for (int j = j0; j < j1; j++, si += sCol) d[di + j] = s[si];
            }
        }
    }
}
