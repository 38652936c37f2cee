package dev.kiln.plugins.simd.fused;

import dev.kiln.spi.Storage;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the fused kernels of one SIMD backend share: the vector width, the backend's thread pool and how
 * to reach a storage's memory. The backend builds one ({@code new FusedEnv(ctx.bits(), (n, grain, body) ->
 * ctx.parallel().forRange(n, grain, body::run), s -> SimdStorage.of(s, "fused").segment())}) and hands it to
 * {@link SimdFusedKernels#addTo}; the kernels take float32 and float64 operands from the heap arrays behind
 * the segments ({@link MemorySegment#heapBase()}) and decline anything else.
 *
 * @param bits     vector width in bits: 128, 256 or 512
 * @param parallel runs a range of work on the pool
 * @param memory   the memory of a storage allocated by the backend
 */
public record FusedEnv(int bits, RangeRunner parallel, Function<Storage, MemorySegment> memory) {

    public FusedEnv {
        if (bits != 128 && bits != 256 && bits != 512) {
            throw new IllegalArgumentException("simd fused kernels: vector width must be 128, 256 or 512 bits, got " + bits);
        }
        Objects.requireNonNull(parallel, "parallel");
        Objects.requireNonNull(memory, "memory");
    }

    /** Splits {@code [0, n)} over the pool in chunks of at least {@code grain} indices, or runs it on the caller. */
    @FunctionalInterface
    public interface RangeRunner {
        /** Runs {@code body} over {@code [0, n)}, waiting for every chunk. */
        void forRange(long n, long grain, Body body);

        /** The work of indices {@code [start, end)}. */
        @FunctionalInterface
        interface Body {
            /** Runs indices {@code [start, end)}. */
            void run(long start, long end);
        }
    }

    /** Everything on the calling thread (tests, one-thread pools). */
    public static RangeRunner serial() {
        return (n, grain, body) -> body.run(0, n);
    }
}
