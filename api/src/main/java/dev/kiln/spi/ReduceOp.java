package dev.kiln.spi;

/**
 * Reductions over a set of axes. Value reductions keep the input dtype; index reductions write
 * int64 and take exactly one axis.
 */
public enum ReduceOp {
    SUM(false), PROD(false),
    /** maximum, propagating NaN */ MAX(false),
    /** minimum, propagating NaN */ MIN(false),
    /** index of the first maximum along one axis */ ARGMAX(true),
    /** index of the first minimum along one axis */ ARGMIN(true);

    private final boolean index;

    ReduceOp(boolean index) { this.index = index; }

    /** True for ARGMAX and ARGMIN, which write int64 indices. */
    public boolean isIndex() { return index; }
}
