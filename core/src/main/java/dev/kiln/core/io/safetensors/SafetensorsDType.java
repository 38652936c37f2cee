package dev.kiln.core.io.safetensors;

import dev.kiln.DType;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * safetensors' dtype codes and the Kiln {@link DType} each one reads into. Codes the format defines but
 * Kiln cannot hold (unsigned 16/32/64-bit, 8-bit floats, complex) are listed so a file using them
 * fails with "not supported" rather than "unknown".
 */
enum SafetensorsDType {
    BOOL(DType.BOOL), U8(DType.UINT8), I8(DType.INT8), I16(DType.INT16), I32(DType.INT32), I64(DType.INT64),
    F16(DType.FLOAT16), BF16(DType.BFLOAT16), F32(DType.FLOAT32), F64(DType.FLOAT64);

    /** Codes of the format that have no Kiln dtype. */
    private static final java.util.Set<String> UNSUPPORTED =
            java.util.Set.of("U16", "U32", "U64", "F8_E4M3", "F8_E5M2", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64");

    private final DType dtype;

    SafetensorsDType(DType dtype) { this.dtype = dtype; }

    /** The Kiln dtype of this code. */
    DType dtype() { return dtype; }

    /** The code written for a Kiln dtype (every Kiln dtype has one). */
    static SafetensorsDType of(DType dtype) {
        for (SafetensorsDType d : values()) if (d.dtype == dtype) return d;
        throw new AssertionError("no safetensors code for " + dtype);
    }

    /** The code named {@code code}, or a message saying why there is none (for the caller's exception). */
    static SafetensorsDType parse(String code, String where, String source) throws SafetensorsFormatException {
        for (SafetensorsDType d : values()) if (d.name().equals(code)) return d;
        if (UNSUPPORTED.contains(code)) {
            throw new SafetensorsFormatException(source, where + ": dtype \"" + code
                    + "\" is a safetensors dtype Kiln does not support; supported: " + supported());
        }
        throw new SafetensorsFormatException(source, where + ": unknown dtype \"" + code + "\"; valid: " + supported());
    }

    private static String supported() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
