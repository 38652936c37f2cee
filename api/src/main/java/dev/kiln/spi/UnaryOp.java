package dev.kiln.spi;

/**
 * Elementwise operations of one operand. Input and output have the same dtype; core casts
 * integer inputs to a floating dtype before it asks for a floating-only op.
 */
public enum UnaryOp {
    /** {@code -x} */ NEG(false),
    /** {@code |x|} */ ABS(false),
    /** {@code sign(x)}: -1, 0 or 1 */ SIGN(false),
    /** {@code max(x, 0)} */ RELU(false),
    /** {@code e^x} */ EXP(true),
    /** natural logarithm */ LOG(true),
    /** square root */ SQRT(true),
    /** hyperbolic tangent */ TANH(true),
    /** {@code 1 / (1 + e^-x)} */ SIGMOID(true),
    /** sine */ SIN(true),
    /** cosine */ COS(true),
    /** {@code 1 / x} */ RECIPROCAL(true),
    /** logical not, for bool tensors */ LOGICAL_NOT(false);

    private final boolean floatingOnly;

    UnaryOp(boolean floatingOnly) { this.floatingOnly = floatingOnly; }

    /** True when the op is defined for floating dtypes only. */
    public boolean floatingOnly() { return floatingOnly; }
}
