package dev.kiln.core.optim;

import dev.kiln.Tensor;
import dev.kiln.core.ops.Elementwise;
import dev.kiln.core.tensor.Shapes;
import dev.kiln.core.tensor.TensorImpl;
import dev.kiln.spi.View;

/** Validation shared by the optimizer steps: done once here, so kernels and the composed form assume. */
final class StepOperands {
    private StepOperands() {}

    /** The parameter, checked writable and floating. */
    static TensorImpl param(String op, Tensor param) {
        if (param == null) throw new NullPointerException(op + ": param is null");
        TensorImpl p = TensorImpl.of(param);
        if (!p.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": param must be floating point, got " + p.dtype().torchName());
        }
        Elementwise.checkWritable(op, p);
        return p;
    }

    /**
     * An operand that must match the parameter (shape, dtype, backend); when {@code written}, it must also be
     * writable and share no storage with the parameter or {@code others}.
     */
    static TensorImpl like(String op, String what, TensorImpl p, Tensor t, boolean written, TensorImpl... others) {
        if (t == null) throw new NullPointerException(op + ": " + what + " is null");
        TensorImpl x = TensorImpl.of(t);
        if (!java.util.Arrays.equals(x.shapeRef(), p.shapeRef())) {
            throw new IllegalArgumentException(op + ": " + what + " has shape " + Shapes.str(x.shapeRef())
                    + " but param has shape " + Shapes.str(p.shapeRef()));
        }
        if (x.dtype() != p.dtype()) {
            throw new IllegalArgumentException(op + ": " + what + " has dtype " + x.dtype().torchName()
                    + " but param has dtype " + p.dtype().torchName());
        }
        if (x.backend() != p.backend()) {
            throw new IllegalArgumentException(op + ": " + what + " is on backend " + x.backend().name() + " (" + x.device()
                    + ") but param is on backend " + p.backend().name() + " (" + p.device() + ")");
        }
        if (written) {
            Elementwise.checkWritable(op, x);
            if (x.ref() == p.ref()) throw new IllegalArgumentException(op + ": " + what + " shares storage with param");
            for (TensorImpl o : others) {
                if (o != null && x.ref() == o.ref()) {
                    throw new IllegalArgumentException(op + ": " + what + " shares storage with another operand");
                }
            }
        }
        return x;
    }

    static View view(TensorImpl t) { return t == null ? null : t.spiView(); }

    static void bump(TensorImpl... written) {
        for (TensorImpl t : written) if (t != null) t.ref().bumpVersion();
    }
}
