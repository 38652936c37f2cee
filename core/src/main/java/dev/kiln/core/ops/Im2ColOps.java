package dev.kiln.core.ops;

import dev.kiln.Tensor;
import dev.kiln.core.autograd.Autograd;
import dev.kiln.core.tensor.Dispatch;
import dev.kiln.core.tensor.Shapes;
import dev.kiln.core.tensor.TensorImpl;
import dev.kiln.spi.Im2Col;

/**
 * im2col and col2im as differentiable internal ops (PyTorch's {@code F.unfold} / {@code F.fold}, whose
 * nodes are {@code Im2ColBackward0} / {@code Col2ImBackward0}). With a zero pad value im2col is linear
 * and col2im is its adjoint, so each one's derivative is the other: that is what lets conv2d's backward,
 * written with them, be differentiated again.
 */
public final class Im2ColOps {
    private Im2ColOps() {}

    /**
     * The columns {@code [N, C*kH*kW, outH*outW]} of {@code x [N, C, H, W]} for geometry {@code g}, whose pad
     * value must be 0 (the differentiable form); recorded as {@code Im2ColBackward0}.
     */
    public static Tensor im2col(Tensor input, Im2Col g) {
        TensorImpl x = TensorImpl.of(input);
        checkGeometry("im2col", g);
        int[] xs = x.shapeRef();
        if (xs.length != 4 || xs[1] != g.channels() || xs[2] != g.height() || xs[3] != g.width()) {
            throw new IllegalArgumentException("im2col: expected an input [N, " + g.channels() + ", " + g.height() + ", "
                    + g.width() + "] for " + g + ", got " + Shapes.str(xs));
        }
        TensorImpl cols = TensorImpl.allocate(x.backend(), x.dtype(), new int[] {xs[0], g.colRows(), g.colCols()});
        if (cols.numel() > 0) Dispatch.im2col("im2col", x.backend(), x.spiView(), g, cols.spiView());
        return Autograd.record("Im2ColBackward0", cols, Autograd.inputs(input),
                (grad, s) -> Autograd.grads(s.needs(0) ? col2im(grad, g) : null));
    }

    /**
     * The image {@code [N, C, H, W]} that sums the columns {@code [N, C*kH*kW, outH*outW]} back to where
     * im2col took them from (pad value 0); recorded as {@code Col2ImBackward0}.
     */
    public static Tensor col2im(Tensor columns, Im2Col g) {
        TensorImpl cols = TensorImpl.of(columns);
        checkGeometry("col2im", g);
        int[] cs = cols.shapeRef();
        if (cs.length != 3 || cs[1] != g.colRows() || cs[2] != g.colCols()) {
            throw new IllegalArgumentException("col2im: expected columns [N, " + g.colRows() + ", " + g.colCols() + "] for "
                    + g + ", got " + Shapes.str(cs));
        }
        TensorImpl out = TensorImpl.allocate(cols.backend(), cols.dtype(), new int[] {cs[0], g.channels(), g.height(), g.width()});
        if (out.numel() > 0) {
            Dispatch.fill("col2im", out.backend(), out.spiView(), 0);
            Dispatch.col2im("col2im", cols.backend(), cols.spiView(), g, out.spiView());
        }
        return Autograd.record("Col2ImBackward0", out, Autograd.inputs(columns),
                (grad, s) -> Autograd.grads(s.needs(0) ? im2col(grad, g) : null));
    }

    private static void checkGeometry(String op, Im2Col g) {
        if (g.padValue() != 0) {
            throw new IllegalArgumentException(op + ": the differentiable form needs pad value 0 (its adjoint drops the padding), got "
                    + g.padValue());
        }
        if (g.outH() <= 0 || g.outW() <= 0) {
            throw new IllegalArgumentException(op + ": calculated output size (" + g.outH() + " x " + g.outW()
                    + ") is too small for " + g);
        }
    }
}
