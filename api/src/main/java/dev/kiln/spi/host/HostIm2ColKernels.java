package dev.kiln.spi.host;


import dev.kiln.DType;
import dev.kiln.spi.Im2Col;
import dev.kiln.spi.View;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * im2col and its adjoint col2im over {@code [N, C, H, W]} inputs and {@code [N, C*kH*kW, outH*outW]}
 * columns, row {@code (c * kH + i) * kW + j}, column {@code oh * outW + ow}. The input position of
 * column entry {@code (c, i, j, oh, ow)} is {@code (oh * strideH - padH + i * dilationH,
 * ow * strideW - padW + j * dilationW)}; positions outside the input read {@code padValue} (im2col)
 * or are dropped (col2im).
 */
public final class HostIm2ColKernels {
    private HostIm2ColKernels() {}

    public static void im2col(Segments mem, View input, Im2Col g, View cols) {
        check("im2col", input, g, cols);
        DType ti = input.dtype();
        DType tc = cols.dtype();
        MemorySegment si = mem.of(input, "im2col");
        MemorySegment sc = mem.of(cols, "im2col");
        long[] is = input.strides();
        long[] cs = cols.strides();
        int outH = g.outH();
        int outW = g.outW();
        int batch = input.shape()[0];
        for (int nb = 0; nb < batch; nb++) {
            for (int c = 0; c < g.channels(); c++) {
                for (int ki = 0; ki < g.kernelH(); ki++) {
                    for (int kj = 0; kj < g.kernelW(); kj++) {
                        int row = (c * g.kernelH() + ki) * g.kernelW() + kj;
                        long colRow = cols.offset() + nb * cs[0] + row * cs[1];
                        for (int oh = 0; oh < outH; oh++) {
                            int ih = oh * g.strideH() - g.padH() + ki * g.dilationH();
                            for (int ow = 0; ow < outW; ow++) {
                                int iw = ow * g.strideW() - g.padW() + kj * g.dilationW();
                                long at = colRow + (long) (oh * outW + ow) * cs[2];
                                if (ih >= 0 && ih < g.height() && iw >= 0 && iw < g.width()) {
                                    long from = input.offset() + nb * is[0] + c * is[1] + ih * is[2] + iw * is[3];
                                    HostElements.move(si, ti, from, sc, tc, at);
                                } else {
                                    HostElements.writeDouble(sc, tc, at, g.padValue());
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Adds every in-range column entry into {@code out}. Contributions for one image are summed in
     * a double (floating) or long (integer) buffer, then added to {@code out} with one rounding.
     */
    public static void col2im(Segments mem, View cols, Im2Col g, View out) {
        check("col2im", out, g, cols);
        DType tc = cols.dtype();
        DType to = out.dtype();
        boolean floating = to.isFloatingPoint() || tc.isFloatingPoint();
        MemorySegment sc = mem.of(cols, "col2im");
        MemorySegment so = mem.of(out, "col2im");
        long[] os = out.strides();
        long[] cs = cols.strides();
        int outH = g.outH();
        int outW = g.outW();
        int height = g.height();
        int width = g.width();
        int plane = height * width;
        int size = g.channels() * plane;
        double[] sumD = floating ? new double[size] : null;
        long[] sumL = floating ? null : new long[size];
        int batch = out.shape()[0];
        for (int nb = 0; nb < batch; nb++) {
            if (floating) Arrays.fill(sumD, 0.0); else Arrays.fill(sumL, 0L);
            for (int c = 0; c < g.channels(); c++) {
                for (int ki = 0; ki < g.kernelH(); ki++) {
                    for (int kj = 0; kj < g.kernelW(); kj++) {
                        int row = (c * g.kernelH() + ki) * g.kernelW() + kj;
                        long colRow = cols.offset() + nb * cs[0] + row * cs[1];
                        for (int oh = 0; oh < outH; oh++) {
                            int ih = oh * g.strideH() - g.padH() + ki * g.dilationH();
                            if (ih < 0 || ih >= height) continue;
                            for (int ow = 0; ow < outW; ow++) {
                                int iw = ow * g.strideW() - g.padW() + kj * g.dilationW();
                                if (iw < 0 || iw >= width) continue;
                                long at = colRow + (long) (oh * outW + ow) * cs[2];
                                int k = c * plane + ih * width + iw;
                                if (floating) sumD[k] += HostElements.readDouble(sc, tc, at);
                                else sumL[k] += HostElements.readLong(sc, tc, at);
                            }
                        }
                    }
                }
            }
            for (int c = 0; c < g.channels(); c++) {
                for (int h = 0; h < height; h++) {
                    for (int w = 0; w < width; w++) {
                        long at = out.offset() + nb * os[0] + c * os[1] + h * os[2] + w * os[3];
                        int k = c * plane + h * width + w;
                        if (floating) HostElements.writeDouble(so, to, at, HostElements.readDouble(so, to, at) + sumD[k]);
                        else HostElements.writeLong(so, to, at, HostElements.readLong(so, to, at) + sumL[k]);
                    }
                }
            }
        }
    }

    private static void check(String op, View image, Im2Col g, View cols) {
        int[] s = image.shape();
        int[] cs = cols.shape();
        boolean ok = s.length == 4 && cs.length == 3 && s[1] == g.channels() && s[2] == g.height()
                && s[3] == g.width() && cs[0] == s[0] && cs[1] == g.colRows() && cs[2] == g.colCols()
                && g.outH() > 0 && g.outW() > 0;
        if (!ok) {
            throw new IllegalArgumentException(op + ": image " + Arrays.toString(s) + " and columns "
                    + Arrays.toString(cs) + " do not fit " + g + "; expected image [N, " + g.channels() + ", "
                    + g.height() + ", " + g.width() + "] and columns [N, " + g.colRows() + ", "
                    + g.colCols() + "]");
        }
    }
}
