package dev.kiln.core.ref;

import dev.kiln.spi.host.HostElements;

import dev.kiln.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Read/write round trips and conversions of every dtype. */
class ElementsTest {
    private final MemorySegment seg = MemorySegment.ofArray(new long[4]);

    private double roundTrip(DType t, double v) {
        HostElements.writeDouble(seg, t, 1, v);
        return HostElements.readDouble(seg, t, 1);
    }

    private long roundTrip(DType t, long v) {
        HostElements.writeLong(seg, t, 1, v);
        return HostElements.readLong(seg, t, 1);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void smallIntegersRoundTripInEveryDtype(DType t) {
        long[] values = t == DType.BOOL ? new long[] {0, 1} : new long[] {0, 1, 2, 7, 100};
        for (long v : values) {
            assertEquals(v, roundTrip(t, v), t + " via long");
            assertEquals((double) v, roundTrip(t, (double) v), t + " via double");
        }
        // neighbours are untouched
        assertEquals(0, HostElements.readLong(seg, t, 0));
        assertEquals(0, HostElements.readLong(seg, t, 2));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void rawBitsMoveUnchanged(DType t) {
        long bits = switch (t.byteSize()) {
            case 1 -> 0xA5L;
            case 2 -> 0xBEEFL;
            case 4 -> 0xDEADBEEFL;
            default -> 0x0123456789ABCDEFL;
        };
        HostElements.writeRaw(seg, t, 2, bits);
        assertEquals(bits, HostElements.readRaw(seg, t, 2));
    }

    @Test
    void float16RoundsToNearestEvenOnce() {
        DType h = DType.FLOAT16;
        assertEquals(1.0, roundTrip(h, 1.0));
        assertEquals(65504.0, roundTrip(h, 65504.0));
        assertEquals(Double.POSITIVE_INFINITY, roundTrip(h, 65520.0), "tie above max goes to inf");
        assertEquals(1.0, roundTrip(h, 1 + 0x1p-11), "tie goes to even (down)");
        assertEquals(1 + 0x1p-9, roundTrip(h, 1 + 3 * 0x1p-11), "tie goes to even (up)");
        // a value just above a tie: double -> float -> half would round twice and go down
        assertEquals(1 + 0x1p-10, roundTrip(h, 1 + 0x1p-11 + 0x1p-40));
        assertEquals(0x1p-24, roundTrip(h, 0x1p-24), "smallest subnormal");
        assertTrue(Double.isNaN(roundTrip(h, Double.NaN)));
        HostElements.writeDouble(seg, h, 0, 1.0);
        assertEquals(0x3C00, HostElements.readRaw(seg, h, 0));
        HostElements.writeDouble(seg, h, 0, -2.0);
        assertEquals(0xC000, HostElements.readRaw(seg, h, 0));
        assertEquals(2048, roundTrip(h, 2049L), "long tie to even (down)");
        assertEquals(2052, roundTrip(h, 2051L), "long tie to even (up)");
    }

    @Test
    void bfloat16IsTheUpperHalfOfAFloatRoundedToNearestEven() {
        DType bf = DType.BFLOAT16;
        HostElements.writeDouble(seg, bf, 0, 1.0);
        assertEquals(0x3F80, HostElements.readRaw(seg, bf, 0));
        HostElements.writeDouble(seg, bf, 0, -0.5);
        assertEquals(0xBF00, HostElements.readRaw(seg, bf, 0));
        assertEquals(1.0, roundTrip(bf, 1 + 0x1p-8), "tie goes to even (down)");
        assertEquals(1 + 0x1p-6, roundTrip(bf, 1 + 3 * 0x1p-8), "tie goes to even (up)");
        assertEquals(1 + 0x1p-7, roundTrip(bf, 1 + 0x1p-8 + 0x1p-40), "no double rounding");
        assertEquals(1 + 0x1p-7, roundTrip(bf, 1 + 0x1p-7));
        assertTrue(Double.isNaN(roundTrip(bf, Double.NaN)));
        assertEquals(Double.NEGATIVE_INFINITY, roundTrip(bf, Double.NEGATIVE_INFINITY));
        // 2^60 + 2^52 + 1 lies just above the tie between 2^60 and 2^60 + 2^53
        long v = (1L << 60) + (1L << 52) + 1;
        assertEquals((1L << 60) + (1L << 53), roundTrip(bf, v));
        HostElements.writeLong(seg, bf, 1, v);
        assertEquals(0x1p60 + 0x1p53, HostElements.readDouble(seg, bf, 1));
    }

    @Test
    void float32AndFloat64RoundOnce() {
        assertEquals((double) (float) 0.1, roundTrip(DType.FLOAT32, 0.1));
        assertEquals(0.1, roundTrip(DType.FLOAT64, 0.1));
        assertEquals((double) (float) ((1L << 40) + 1), roundTrip(DType.FLOAT32, (double) ((1L << 40) + 1)));
        HostElements.writeLong(seg, DType.FLOAT64, 0, (1L << 53) + 1);
        assertEquals(0x1p53, HostElements.readDouble(seg, DType.FLOAT64, 0));
    }

    @Test
    void uint8IsUnsignedAndWraps() {
        assertEquals(255, roundTrip(DType.UINT8, 255L));
        assertEquals(255.0, roundTrip(DType.UINT8, 255.0));
        assertEquals(255, roundTrip(DType.UINT8, -1L));
        assertEquals(0, roundTrip(DType.UINT8, 256L));
        assertEquals(44, roundTrip(DType.UINT8, 300L));
    }

    @Test
    void signedIntegersWrapToTheirWidth() {
        assertEquals(-128, roundTrip(DType.INT8, 128L));
        assertEquals(-25536, roundTrip(DType.INT16, 40000L));
        assertEquals(Integer.MIN_VALUE, roundTrip(DType.INT32, Integer.MAX_VALUE + 1L));
        assertEquals(Long.MAX_VALUE, roundTrip(DType.INT64, Long.MAX_VALUE));
        assertEquals((1L << 53) + 1, roundTrip(DType.INT64, (1L << 53) + 1), "int64 is exact beyond 2^53");
    }

    @Test
    void floatToIntegerTruncatesTowardZero() {
        assertEquals(2.0, roundTrip(DType.INT32, 2.7));
        HostElements.writeDouble(seg, DType.INT32, 0, -2.7);
        assertEquals(-2, HostElements.readLong(seg, DType.INT32, 0));
        HostElements.writeDouble(seg, DType.INT64, 0, 2.9999);
        assertEquals(2, HostElements.readLong(seg, DType.INT64, 0));
        HostElements.writeDouble(seg, DType.FLOAT32, 0, -3.5);
        assertEquals(-3, HostElements.readLong(seg, DType.FLOAT32, 0));
    }

    @Test
    void boolIsZeroOrOneAndAnyNonzeroByteIsTrue() {
        assertEquals(1, roundTrip(DType.BOOL, 5L));
        assertEquals(1.0, roundTrip(DType.BOOL, -0.25));
        assertEquals(1.0, roundTrip(DType.BOOL, Double.NaN), "NaN is truthy");
        assertEquals(0.0, roundTrip(DType.BOOL, -0.0));
        HostElements.writeLong(seg, DType.BOOL, 3, 42);
        assertEquals(1, HostElements.readRaw(seg, DType.BOOL, 3), "stored as a 0/1 byte");
        HostElements.writeRaw(seg, DType.BOOL, 3, 7);
        assertEquals(1, HostElements.readLong(seg, DType.BOOL, 3));
        assertEquals(1.0, HostElements.readDouble(seg, DType.BOOL, 3));
    }

    @Test
    void unalignedSegmentsAreLittleEndian() {
        MemorySegment bytes = MemorySegment.ofArray(new byte[16]);
        MemorySegment odd = bytes.asSlice(1, 8);
        HostElements.writeLong(odd, DType.INT32, 0, 0x01020304);
        assertEquals(0x04, bytes.getAtIndex(java.lang.foreign.ValueLayout.JAVA_BYTE, 1));
        assertEquals(0x01, bytes.getAtIndex(java.lang.foreign.ValueLayout.JAVA_BYTE, 4));
        HostElements.writeDouble(odd, DType.FLOAT64, 0, 1.5);
        assertEquals(1.5, HostElements.readDouble(odd, DType.FLOAT64, 0));
    }
}
