package dev.kiln;

/**
 * Element types of a {@link Tensor}, with PyTorch's names and type promotion
 * ({@code torch.result_type}).
 *
 * <p>{@link #FLOAT16} and {@link #BFLOAT16} are stored in 16 bits and computed in at least float32 precision
 * (the reference backend computes in double), rounded once when stored.
 */
public enum DType {
    BOOL("bool", 1, Kind.BOOL),
    UINT8("uint8", 1, Kind.INTEGER),
    INT8("int8", 1, Kind.INTEGER),
    INT16("int16", 2, Kind.INTEGER),
    INT32("int32", 4, Kind.INTEGER),
    INT64("int64", 8, Kind.INTEGER),
    FLOAT16("float16", 2, Kind.FLOAT),
    BFLOAT16("bfloat16", 2, Kind.FLOAT),
    FLOAT32("float32", 4, Kind.FLOAT),
    FLOAT64("float64", 8, Kind.FLOAT);

    /** The category a dtype belongs to; promotion never moves a result to a lower category. */
    public enum Kind { BOOL, INTEGER, FLOAT }

    private final String torchName;
    private final int byteSize;
    private final Kind kind;

    DType(String torchName, int byteSize, Kind kind) {
        this.torchName = torchName;
        this.byteSize = byteSize;
        this.kind = kind;
    }

    /** PyTorch's name without the {@code torch.} prefix, e.g. {@code "float32"}. */
    public String torchName() { return torchName; }

    /** Bytes per element in storage. */
    public int byteSize() { return byteSize; }

    /** The category of this dtype. */
    public Kind kind() { return kind; }

    /** True for float16, bfloat16, float32 and float64. */
    public boolean isFloatingPoint() { return kind == Kind.FLOAT; }

    /** True for the signed and unsigned integer types (not bool). */
    public boolean isIntegral() { return kind == Kind.INTEGER; }

    /** The dtype Kiln gives Java floating-point values: float32, as PyTorch's default dtype. */
    public static DType defaultFloat() { return FLOAT32; }

    /** The dtype Kiln gives Java integer values: int64, as PyTorch. */
    public static DType defaultInteger() { return INT64; }

    /** Looks a dtype up by PyTorch's name ({@code "float32"}, {@code "torch.int64"}, {@code "half"}, ...). */
    public static DType fromTorchName(String name) {
        String n = name.startsWith("torch.") ? name.substring(6) : name;
        switch (n) {
            case "float", "float32": return FLOAT32;
            case "double", "float64": return FLOAT64;
            case "half", "float16": return FLOAT16;
            case "bfloat16": return BFLOAT16;
            case "uint8": return UINT8;
            case "int8": return INT8;
            case "short", "int16": return INT16;
            case "int", "int32": return INT32;
            case "long", "int64": return INT64;
            case "bool": return BOOL;
            default:
                throw new IllegalArgumentException("unknown dtype '" + name
                        + "'; valid: float32, float64, float16, bfloat16, uint8, int8, int16, int32, int64, bool");
        }
    }

    /**
     * The result dtype of an operation on two tensors of these dtypes, as {@code torch.promote_types}.
     */
    public static DType promote(DType a, DType b) {
        if (a == b) return a;
        if (a.kind != b.kind) return a.kind.ordinal() > b.kind.ordinal() ? a : b;
        return switch (a.kind) {
            case BOOL -> BOOL;
            case INTEGER -> promoteIntegers(a, b);
            case FLOAT -> promoteFloats(a, b);
        };
    }

    private static DType promoteIntegers(DType a, DType b) {
        // uint8 with a signed type needs a signed type that holds 0..255
        if (a == UINT8 || b == UINT8) {
            DType other = a == UINT8 ? b : a;
            return other == INT8 ? INT16 : other;
        }
        return a.byteSize >= b.byteSize ? a : b;
    }

    private static DType promoteFloats(DType a, DType b) {
        // float16 with bfloat16 has no common 16-bit type
        if ((a == FLOAT16 && b == BFLOAT16) || (a == BFLOAT16 && b == FLOAT16)) return FLOAT32;
        return a.byteSize >= b.byteSize ? a : b;
    }

    @Override
    public String toString() { return "torch." + torchName; }
}
