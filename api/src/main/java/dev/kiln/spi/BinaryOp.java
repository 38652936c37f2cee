package dev.kiln.spi;

/**
 * Elementwise operations of two operands of one dtype. Arithmetic ops write that dtype;
 * comparisons write {@link dev.kiln.DType#BOOL}.
 */
public enum BinaryOp {
    /** {@code a + b} */ ADD(Category.ARITHMETIC),
    /** {@code a - b} */ SUB(Category.ARITHMETIC),
    /** {@code a * b} */ MUL(Category.ARITHMETIC),
    /** {@code a / b} (true division for floating dtypes) */ DIV(Category.ARITHMETIC),
    /** {@code a^b} */ POW(Category.ARITHMETIC),
    /** elementwise maximum, propagating NaN */ MAXIMUM(Category.ARITHMETIC),
    /** elementwise minimum, propagating NaN */ MINIMUM(Category.ARITHMETIC),
    /** {@code a == b} */ EQ(Category.COMPARISON),
    /** {@code a != b} */ NE(Category.COMPARISON),
    /** {@code a < b} */ LT(Category.COMPARISON),
    /** {@code a <= b} */ LE(Category.COMPARISON),
    /** {@code a > b} */ GT(Category.COMPARISON),
    /** {@code a >= b} */ GE(Category.COMPARISON),
    /** logical and of two bool operands */ LOGICAL_AND(Category.LOGICAL),
    /** logical or of two bool operands */ LOGICAL_OR(Category.LOGICAL);

    /** What an op computes, which decides its output dtype. */
    public enum Category { ARITHMETIC, COMPARISON, LOGICAL }

    private final Category category;

    BinaryOp(Category category) { this.category = category; }

    /** The op's category. */
    public Category category() { return category; }

    /** True when the op writes bool. */
    public boolean producesBool() { return category != Category.ARITHMETIC; }
}
