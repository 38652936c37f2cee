package dev.kiln.plugins.simd;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.kiln.DType;
import dev.kiln.spi.Storage;
import dev.kiln.spi.View;

import java.lang.foreign.MemorySegment;

/**
 * Storage of the SIMD backend: a {@link MemorySegment} holding {@code numel} packed little-endian
 * elements of one dtype. Allocated storage is a heap segment over a {@code float[]} (float32), a
 * {@code double[]} (float64), a {@code byte[]} (1-byte dtypes) or a {@code long[]} (other dtypes,
 * 8-byte aligned), so float kernels can
 * load vectors straight from the array (bool, uint8 and int8 over a {@code byte[]}, so masks are
 * written as plain bytes); {@link SimdBackend#wrapHost} keeps the caller's segment.
 *
 * <p>Public so the gemm and fused packages can reach the memory of a view ({@link #segment(View)},
 * {@link #floats(View)}, {@link #doubles(View)}). Once released, every access throws
 * {@link IllegalStateException}.
 */
public final class SimdStorage implements Storage {
    private final DType dtype;
    private final long numel;
    private final boolean wrapped;
    private volatile MemorySegment segment;
    /** Closed when the backend that made this storage closes: that releases all its storage at once. */
    private AtomicBoolean backendClosed = NEVER_CLOSED;
    private static final AtomicBoolean NEVER_CLOSED = new AtomicBoolean();

    private SimdStorage(MemorySegment segment, DType dtype, long numel, boolean wrapped) {
        this.segment = segment;
        this.dtype = dtype;
        this.numel = numel;
        this.wrapped = wrapped;
    }

    /** Ties this storage to its backend's closed flag (one shared flag per backend), before it is handed out. */
    SimdStorage ownedBy(AtomicBoolean closedFlag) {
        backendClosed = closedFlag;
        return this;
    }

    /** Heap (or the caller's) memory: the garbage collector reclaims it, core needs no Cleaner for it. */
    @Override
    public boolean needsRelease() { return false; }

    /** Heap storage for {@code numel} elements: a float[] or double[] for float32/float64, else a long[]. */
    static SimdStorage allocate(DType dtype, long numel) {
        if (numel < 0) {
            throw new IllegalArgumentException("simd: cannot allocate a negative number of elements (" + numel
                    + ") of " + dtype.torchName());
        }
        long bytes = Math.multiplyExact(numel, (long) dtype.byteSize());
        long max = Integer.MAX_VALUE - 8;
        MemorySegment seg;
        if (dtype == DType.FLOAT32 && numel <= max) {
            seg = MemorySegment.ofArray(new float[(int) numel]);
        } else if (dtype == DType.FLOAT64 && numel <= max) {
            seg = MemorySegment.ofArray(new double[(int) numel]);
        } else if (dtype.byteSize() == 1 && numel <= max) {
            seg = MemorySegment.ofArray(new byte[(int) numel]);
        } else {
            long words = (bytes + 7) / 8;
            if (words > max) {
                throw new IllegalArgumentException("simd: " + numel + " elements of " + dtype.torchName() + " ("
                        + bytes + " bytes) exceed the largest heap array; the simd backend holds at most "
                        + (8L * max) + " bytes per storage");
            }
            seg = MemorySegment.ofArray(new long[(int) words]).asSlice(0, bytes);
        }
        return new SimdStorage(seg, dtype, numel, false);
    }

    /** Storage over the caller's memory; {@code host.byteSize()} must be a whole number of elements. */
    static SimdStorage wrap(MemorySegment host, DType dtype) {
        long size = dtype.byteSize();
        if (host.byteSize() % size != 0) {
            throw new IllegalArgumentException("simd: wrapHost: a segment of " + host.byteSize()
                    + " bytes is not a whole number of " + dtype.torchName() + " elements (" + size + " bytes each)");
        }
        return new SimdStorage(host, dtype, host.byteSize() / size, true);
    }

    @Override
    public DType dtype() { return dtype; }

    @Override
    public long numel() { return numel; }

    /** True when this storage shares memory the caller handed to {@link SimdBackend#wrapHost}. */
    public boolean isWrapped() { return wrapped; }

    /** True once released. */
    public boolean isReleased() { return segment == null || backendClosed.get(); }

    /** The backing memory; throws when released. */
    public MemorySegment segment() {
        MemorySegment s = segment;
        if (s == null || backendClosed.get()) {
            throw new IllegalStateException("simd: storage was released (" + numel + " elements of "
                    + dtype.torchName() + "); it must not be used afterwards");
        }
        return s;
    }

    /** {@code storage} as a SimdStorage; {@code op} names the caller in the error for foreign storage. */
    public static SimdStorage of(Storage storage, String op) {
        if (storage instanceof SimdStorage r) return r;
        throw new IllegalArgumentException(op + ": storage " + storage + " was not allocated by the simd backend"
                + " (its storage class is " + (storage == null ? "null" : storage.getClass().getName()) + ")");
    }

    /** The backing memory of a view's storage; throws when foreign or released. */
    public static MemorySegment segment(View view, String op) {
        return of(view.storage(), op).segment();
    }

    /**
     * The float[] behind a float32 view when its memory is a heap float array (element 0 of the
     * array at element {@link #arrayOffset(View)} of the storage), else null.
     */
    public static float[] floats(View view) {
        MemorySegment s = of(view.storage(), "simd").segment();
        return s.heapBase().orElse(null) instanceof float[] f && s.address() % 4 == 0 ? f : null;
    }

    /** The double[] behind a float64 view when its memory is a heap double array, else null. */
    public static double[] doubles(View view) {
        MemorySegment s = of(view.storage(), "simd").segment();
        return s.heapBase().orElse(null) instanceof double[] d && s.address() % 8 == 0 ? d : null;
    }

    /** The byte[] behind a 1-byte-dtype view (bool, uint8, int8) when its memory is a heap byte array, else null. */
    public static byte[] bytes(View view) {
        MemorySegment s = of(view.storage(), "simd").segment();
        return s.heapBase().orElse(null) instanceof byte[] b ? b : null;
    }

    /** The long[] behind an int64 view when its memory is a heap long array, else null. */
    public static long[] longs(View view) {
        MemorySegment s = of(view.storage(), "simd").segment();
        return view.dtype() == dev.kiln.DType.INT64 && s.heapBase().orElse(null) instanceof long[] l
                && s.address() % 8 == 0 ? l : null;
    }

    /**
     * The index in the heap array of the storage's element 0 (nonzero when the caller wrapped a
     * slice); add {@code view.offset()} for the view's first element.
     */
    public static int arrayOffset(View view) {
        MemorySegment s = of(view.storage(), "simd").segment();
        return (int) (s.address() / view.dtype().byteSize());
    }

    /** Marks the storage released; harmless when it already is. */
    void release() { segment = null; }

    @Override
    public String toString() {
        return "SimdStorage[" + dtype.torchName() + " x " + numel + (wrapped ? ", wrapped" : "")
                + (isReleased() ? ", released" : "") + "]";
    }
}
