package dev.kiln.core.tensor;

import dev.kiln.DType;

/**
 * {@code torch.result_type}: dimensioned tensors decide the dtype; 0-d tensors and Java scalars only
 * raise it when they are of a higher category (bool &lt; integer &lt; float).
 */
public final class TypePromotion {
    private TypePromotion() {}

    /** The dtype PyTorch gives a Java scalar: whole numbers are integers (int64), others float32. */
    public static DType scalarType(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) ? DType.INT64 : DType.FLOAT32;
    }

    /** Result dtype of an op on two tensors. */
    public static DType resultType(DType a, int rankA, DType b, int rankB) {
        if ((rankA == 0) == (rankB == 0)) return DType.promote(a, b);
        DType dim = rankA == 0 ? b : a;
        DType zero = rankA == 0 ? a : b;
        return combineCategories(dim, zero);
    }

    /** Result dtype of an op on a tensor and a Java scalar. */
    public static DType resultType(DType tensor, double scalar) {
        return combineCategories(tensor, scalarType(scalar));
    }

    private static DType combineCategories(DType higher, DType lower) {
        if (higher.isFloatingPoint()) return higher;
        if (higher == DType.BOOL || lower.isFloatingPoint()) return DType.promote(higher, lower);
        return higher;
    }
}
