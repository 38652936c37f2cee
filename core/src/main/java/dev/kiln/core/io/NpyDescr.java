package dev.kiln.core.io;

import dev.kiln.DType;

import java.nio.ByteOrder;

/**
 * A NumPy dtype descriptor as {@code .npy} headers write it ({@code '<f4'}, {@code '|b1'},
 * {@code '>i8'} ...) mapped to a Kiln {@link DType} and a byte order.
 *
 * @param dtype the Kiln dtype
 * @param order the byte order of the stored elements
 */
record NpyDescr(DType dtype, ByteOrder order) {

    /** The descriptors Kiln reads, for messages. */
    static final String SUPPORTED = "<f2 <f4 <f8 |i1 |u1 <i2 <i4 <i8 |b1 (and '>' big-endian variants)";

    /** Parses a descriptor; {@code null} when it is not one Kiln supports. */
    static NpyDescr parse(String descr) {
        if (descr.length() != 3) return null;
        char orderChar = descr.charAt(0);
        ByteOrder order = switch (orderChar) {
            case '<' -> ByteOrder.LITTLE_ENDIAN;
            case '>' -> ByteOrder.BIG_ENDIAN;
            case '=' -> ByteOrder.nativeOrder();
            case '|' -> ByteOrder.LITTLE_ENDIAN; // "not applicable": only valid for one-byte types
            default -> null;
        };
        if (order == null) return null;
        DType dtype = switch (descr.substring(1)) {
            case "f2" -> DType.FLOAT16;
            case "f4" -> DType.FLOAT32;
            case "f8" -> DType.FLOAT64;
            case "i1" -> DType.INT8;
            case "u1" -> DType.UINT8;
            case "i2" -> DType.INT16;
            case "i4" -> DType.INT32;
            case "i8" -> DType.INT64;
            case "b1" -> DType.BOOL;
            default -> null;
        };
        if (dtype == null) return null;
        if (orderChar == '|' && dtype.byteSize() != 1) return null;
        return new NpyDescr(dtype, order);
    }

    /** The little-endian descriptor Kiln writes for {@code dtype}. */
    static String forWriting(DType dtype) {
        return switch (dtype) {
            case FLOAT16 -> "<f2";
            case FLOAT32 -> "<f4";
            case FLOAT64 -> "<f8";
            case INT8 -> "|i1";
            case UINT8 -> "|u1";
            case INT16 -> "<i2";
            case INT32 -> "<i4";
            case INT64 -> "<i8";
            case BOOL -> "|b1";
            case BFLOAT16 -> throw new IllegalArgumentException(
                    "Npy.write: NumPy has no bfloat16 dtype; convert first, e.g. t.to(DType.FLOAT32)");
        };
    }
}
