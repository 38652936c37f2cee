package dev.kiln.tck.cross;

import dev.kiln.DType;
import dev.kiln.tck.golden.GoldenCase;
import dev.kiln.tck.golden.GoldenCase.Tolerance;

/**
 * How close a backend must come to the reference backend. Both compute in the same dtype from the
 * same inputs, so the only admissible differences are rounding and summation order:
 * <ul>
 *   <li>float64: {@link #FLOAT64} (rtol 1e-12, atol 1e-12). Measured: the reference backend and
 *       PyTorch, two independent float64 implementations, differ on the golden suite's float64 cases
 *       (outputs and gradients) by at most 3.6e-15 absolute (conv2d), 4.6e-13 relative on a near-zero
 *       element; atol 1e-12 leaves a margin of about 300 for longer sums in another order, and rtol 1e-12
 *       (about 4500 ulps) still catches a kernel that is off in the twelfth digit;</li>
 *   <li>float32: a golden case's own tolerance (the float32 default rtol 1e-4, atol 1e-5, loosened only
 *       where PyTorch's own float32 result is further from the truth), and {@link #FLOAT32} (that
 *       default) for the samples.</li>
 * </ul>
 */
public final class CrossTolerance {
    private CrossTolerance() {}

    /** float64 against the reference backend. */
    public static final Tolerance FLOAT64 = new Tolerance(1e-12, 1e-12);

    /** float32 against the reference backend: the golden suite's float32 default. */
    public static final Tolerance FLOAT32 = new Tolerance(1e-4, 1e-5);

    /** The tolerance for a computation in {@code dtype}. */
    public static Tolerance of(DType dtype) {
        return switch (dtype) {
            case FLOAT64 -> FLOAT64;
            case FLOAT32 -> FLOAT32;
            default -> throw new IllegalArgumentException("cross-backend tolerance: no tolerance for dtype "
                    + dtype.torchName() + " (float32 and float64 are compared)");
        };
    }

    /** The tolerance for a golden case: float64 cases tight, float32 cases their own tolerance. */
    public static Tolerance of(GoldenCase c) {
        return c.output().dtype() == DType.FLOAT64 ? FLOAT64 : c.tolerance();
    }
}
