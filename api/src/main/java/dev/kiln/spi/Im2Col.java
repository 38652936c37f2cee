package dev.kiln.spi;

/**
 * The geometry of an im2col/col2im over an input of shape {@code [N, C, H, W]}: a kernel of
 * {@code kernelH x kernelW} moved with the given stride, padding and dilation. Columns have shape
 * {@code [N, C * kernelH * kernelW, outH * outW]}, the row index being {@code (c * kernelH + i) * kernelW + j}.
 *
 * @param padValue value read outside the input (0 for convolution, -inf for max pooling)
 */
public record Im2Col(int channels, int height, int width, int kernelH, int kernelW,
                     int strideH, int strideW, int padH, int padW, int dilationH, int dilationW,
                     double padValue) {

    public Im2Col {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1
                || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("Im2Col: kernel, stride and dilation must be >= 1 and padding >= 0, got "
                    + "kernel (" + kernelH + ", " + kernelW + "), stride (" + strideH + ", " + strideW
                    + "), padding (" + padH + ", " + padW + "), dilation (" + dilationH + ", " + dilationW + ")");
        }
    }

    /** Output height: {@code (H + 2*padH - dilationH*(kernelH-1) - 1) / strideH + 1}. */
    public int outH() { return (height + 2 * padH - dilationH * (kernelH - 1) - 1) / strideH + 1; }

    /** Output width. */
    public int outW() { return (width + 2 * padW - dilationW * (kernelW - 1) - 1) / strideW + 1; }

    /** Rows of the column matrix: {@code C * kernelH * kernelW}. */
    public int colRows() { return channels * kernelH * kernelW; }

    /** Columns of the column matrix: {@code outH * outW}. */
    public int colCols() { return outH() * outW(); }
}
