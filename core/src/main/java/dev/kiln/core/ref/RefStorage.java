package dev.kiln.core.ref;

import dev.kiln.DType;
import dev.kiln.spi.Storage;
import dev.kiln.spi.View;

import java.lang.foreign.MemorySegment;

/**
 * Storage of the reference backend: a {@link MemorySegment} (heap or native) holding
 * {@code numel} packed little-endian elements of one dtype. Element {@code i} starts at byte
 * {@code i * dtype.byteSize()}.
 *
 * <p>Once released, every access throws {@link IllegalStateException} ("storage was released");
 * the segment reference is dropped so heap memory can be collected. Closing the backend releases every
 * storage it made at once through their shared {@link Lifetime} flag (no per-storage registry: the heap
 * memory of a storage is the garbage collector's to reclaim, see {@link #needsRelease()}).
 */
public final class RefStorage implements Storage {
    private final DType dtype;
    private final long numel;
    private final boolean wrapped;
    private final Lifetime lifetime;
    private volatile MemorySegment segment;

    /** The open/closed state of the backend that made a storage, shared by all its storages. */
    static final class Lifetime {
        private volatile boolean closed;

        boolean isClosed() { return closed; }

        void close() { closed = true; }
    }

    RefStorage(MemorySegment segment, DType dtype, long numel, boolean wrapped, Lifetime lifetime) {
        this.segment = segment;
        this.dtype = dtype;
        this.numel = numel;
        this.wrapped = wrapped;
        this.lifetime = lifetime;
    }

    /** Heap storage for {@code numel} elements, 8-byte aligned whatever the dtype. */
    static RefStorage allocate(DType dtype, long numel, Lifetime lifetime) {
        if (numel < 0) {
            throw new IllegalArgumentException("ref: cannot allocate a negative number of elements (" + numel
                    + ") of " + dtype.torchName());
        }
        long bytes = Math.multiplyExact(numel, (long) dtype.byteSize());
        long words = (bytes + 7) / 8;
        if (words > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("ref: " + numel + " elements of " + dtype.torchName() + " ("
                    + bytes + " bytes) exceed the largest heap array; the reference backend holds at most "
                    + (8L * (Integer.MAX_VALUE - 8)) + " bytes per storage");
        }
        MemorySegment seg = MemorySegment.ofArray(new long[(int) words]).asSlice(0, bytes);
        return new RefStorage(seg, dtype, numel, false, lifetime);
    }

    /** Storage over the caller's memory; {@code host.byteSize()} must be a whole number of elements. */
    static RefStorage wrap(MemorySegment host, DType dtype, Lifetime lifetime) {
        long size = dtype.byteSize();
        if (host.byteSize() % size != 0) {
            throw new IllegalArgumentException("ref: wrapHost: a segment of " + host.byteSize()
                    + " bytes is not a whole number of " + dtype.torchName() + " elements (" + size + " bytes each)");
        }
        return new RefStorage(host, dtype, host.byteSize() / size, true, lifetime);
    }

    @Override
    public DType dtype() { return dtype; }

    @Override
    public long numel() { return numel; }

    /** True when this storage shares memory the caller handed to {@link ReferenceBackend#wrapHost}. */
    public boolean isWrapped() { return wrapped; }

    /** Heap memory (or the caller's): the garbage collector reclaims it, core needs no Cleaner for it. */
    @Override
    public boolean needsRelease() { return false; }

    /** True once released (or once its backend closed). */
    public boolean isReleased() { return segment == null || lifetime.isClosed(); }

    /** The backing memory; throws when released. */
    MemorySegment segment() {
        MemorySegment s = segment;
        if (s == null || lifetime.isClosed()) {
            throw new IllegalStateException("ref: storage was released (" + numel + " elements of "
                    + dtype.torchName() + "); it must not be used afterwards");
        }
        return s;
    }

    /** {@code storage} as a RefStorage; {@code op} names the caller in the error for foreign storage. */
    static RefStorage of(Storage storage, String op) {
        if (storage instanceof RefStorage r) return r;
        throw new IllegalArgumentException(op + ": storage " + storage + " was not allocated by the ref backend"
                + " (its storage class is " + (storage == null ? "null" : storage.getClass().getName()) + ")");
    }

    /** The backing memory of a view's storage; throws when foreign or released. */
    static MemorySegment segment(View view, String op) {
        return of(view.storage(), op).segment();
    }

    /** Marks the storage released; harmless when it already is. */
    void release() { segment = null; }

    @Override
    public String toString() {
        return "RefStorage[" + dtype.torchName() + " x " + numel + (wrapped ? ", wrapped" : "")
                + (isReleased() ? ", released" : "") + "]";
    }
}
