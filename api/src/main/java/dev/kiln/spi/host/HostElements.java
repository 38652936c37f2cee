package dev.kiln.spi.host;

import dev.kiln.DType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Typed element access to a storage segment: read any dtype as {@code double} or {@code long},
 * write any dtype from {@code double} or {@code long}, or move raw bits of one dtype. Indices are
 * in elements. Shared by the backends whose storage is host memory (the reference backend and the
 * SIMD backend use it for every dtype they do not vectorise), so that they convert exactly alike.
 *
 * <p>Conversions: float16 is IEEE binary16; bfloat16 is the upper half of a float32; bool is a 0/1
 * byte (any nonzero byte reads as true); uint8 is unsigned. Writing a floating dtype rounds once to
 * nearest-even (for the 16-bit types through a round-to-odd float, so there is no double rounding).
 * Writing an integer dtype from a double truncates toward zero, then wraps to the dtype's width;
 * writing it from a long wraps. Writing bool stores {@code x != 0} (NaN is true).
 */
public final class HostElements {
    private HostElements() {}

    public static final ValueLayout.OfByte I8 = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    // ---- reads ----

    /** The element as a double (exact for every dtype but int64 beyond 2^53). */
    public static double readDouble(MemorySegment s, DType t, long i) {
        return switch (t) {
            case BOOL -> s.get(I8, i) != 0 ? 1.0 : 0.0;
            case UINT8 -> s.get(I8, i) & 0xFF;
            case INT8 -> s.get(I8, i);
            case INT16 -> s.get(I16, i * 2);
            case INT32 -> s.get(I32, i * 4);
            case INT64 -> (double) s.get(I64, i * 8);
            case FLOAT16 -> Float.float16ToFloat(s.get(I16, i * 2));
            case BFLOAT16 -> Float.intBitsToFloat(s.get(I16, i * 2) << 16);
            case FLOAT32 -> s.get(F32, i * 4);
            case FLOAT64 -> s.get(F64, i * 8);
        };
    }

    /** The element as a long; floating values truncate toward zero (NaN reads as 0). */
    public static long readLong(MemorySegment s, DType t, long i) {
        return switch (t) {
            case BOOL -> s.get(I8, i) != 0 ? 1L : 0L;
            case UINT8 -> s.get(I8, i) & 0xFFL;
            case INT8 -> s.get(I8, i);
            case INT16 -> s.get(I16, i * 2);
            case INT32 -> s.get(I32, i * 4);
            case INT64 -> s.get(I64, i * 8);
            case FLOAT16, BFLOAT16, FLOAT32, FLOAT64 -> (long) readDouble(s, t, i);
        };
    }

    /** The element's bits, zero-extended (for moves within one dtype). */
    public static long readRaw(MemorySegment s, DType t, long i) {
        return switch (t.byteSize()) {
            case 1 -> s.get(I8, i) & 0xFFL;
            case 2 -> s.get(I16, i * 2) & 0xFFFFL;
            case 4 -> s.get(I32, i * 4) & 0xFFFF_FFFFL;
            default -> s.get(I64, i * 8);
        };
    }

    // ---- writes ----

    /** Stores {@code v} converted to {@code t}. */
    public static void writeDouble(MemorySegment s, DType t, long i, double v) {
        switch (t) {
            case BOOL -> s.set(I8, i, v != 0 ? (byte) 1 : (byte) 0);
            case UINT8, INT8 -> s.set(I8, i, (byte) (long) v);
            case INT16 -> s.set(I16, i * 2, (short) (long) v);
            case INT32 -> s.set(I32, i * 4, (int) (long) v);
            case INT64 -> s.set(I64, i * 8, (long) v);
            case FLOAT16 -> s.set(I16, i * 2, Float.floatToFloat16(toFloatRoundToOdd(v)));
            case BFLOAT16 -> s.set(I16, i * 2, toBFloat16(toFloatRoundToOdd(v)));
            case FLOAT32 -> s.set(F32, i * 4, (float) v);
            case FLOAT64 -> s.set(F64, i * 8, v);
        }
    }

    /** Stores {@code v} converted to {@code t}; integers wrap, floating types round once. */
    public static void writeLong(MemorySegment s, DType t, long i, long v) {
        switch (t) {
            case BOOL -> s.set(I8, i, v != 0 ? (byte) 1 : (byte) 0);
            case UINT8, INT8 -> s.set(I8, i, (byte) v);
            case INT16 -> s.set(I16, i * 2, (short) v);
            case INT32 -> s.set(I32, i * 4, (int) v);
            case INT64 -> s.set(I64, i * 8, v);
            case FLOAT16 -> s.set(I16, i * 2, Float.floatToFloat16(toFloatRoundToOdd(v)));
            case BFLOAT16 -> s.set(I16, i * 2, toBFloat16(toFloatRoundToOdd(v)));
            case FLOAT32 -> s.set(F32, i * 4, (float) v);
            case FLOAT64 -> s.set(F64, i * 8, (double) v);
        }
    }

    /** Stores bits read by {@link #readRaw} from the same dtype. */
    public static void writeRaw(MemorySegment s, DType t, long i, long bits) {
        switch (t.byteSize()) {
            case 1 -> s.set(I8, i, (byte) bits);
            case 2 -> s.set(I16, i * 2, (short) bits);
            case 4 -> s.set(I32, i * 4, (int) bits);
            default -> s.set(I64, i * 8, bits);
        }
    }

    /** Copies one element from {@code (ss, ts, is)} to {@code (sd, td, id)}, converting as {@code copy} does. */
    public static void move(MemorySegment ss, DType ts, long is, MemorySegment sd, DType td, long id) {
        if (ts == td) {
            writeRaw(sd, td, id, readRaw(ss, ts, is));
        } else if (ts.isFloatingPoint()) {
            writeDouble(sd, td, id, readDouble(ss, ts, is));
        } else {
            writeLong(sd, td, id, readLong(ss, ts, is));
        }
    }

    // ---- rounding helpers ----

    /**
     * {@code v} rounded to a float with round-to-odd: exact values stay, inexact ones take the
     * neighbour whose last significand bit is 1. A float carries at least two more bits than
     * binary16 and bfloat16, so rounding this float to nearest-even gives the correctly rounded
     * 16-bit value of {@code v}.
     */
    public static float toFloatRoundToOdd(double v) {
        float f = (float) v;
        if (f == v || Double.isNaN(v) || Float.isInfinite(f)) return f;
        if ((Float.floatToRawIntBits(f) & 1) == 0) f = Math.nextAfter(f, v);
        return f;
    }

    /** {@code v} rounded to a float with round-to-odd (see {@link #toFloatRoundToOdd(double)}). */
    public static float toFloatRoundToOdd(long v) {
        float f = (float) v;
        // (long) f is exact for |f| < 2^63; f == 2^63 is above every long
        boolean above = f == 0x1p63f || (long) f > v;
        boolean exact = !above && (long) f == v;
        if (exact) return f;
        if ((Float.floatToRawIntBits(f) & 1) == 0) f = above ? Math.nextDown(f) : Math.nextUp(f);
        return f;
    }

    /** The bfloat16 bits of {@code f}, rounded to nearest-even; NaN stays a (quiet) NaN. */
    public static short toBFloat16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) return (short) ((bits >>> 16) | 0x0040);
        int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
        return (short) (rounded >>> 16);
    }

    /** The float value of bfloat16 bits. */
    public static float fromBFloat16(short bits) {
        return Float.intBitsToFloat(bits << 16);
    }
}
