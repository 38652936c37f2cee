package dev.kiln.core.tensor;

import dev.kiln.spi.Backend;
import dev.kiln.spi.Storage;

import java.lang.ref.Cleaner;

/**
 * Core's handle on a backend storage: which backend owns it, and a version counter bumped by every
 * in-place write (autograd uses it to detect a saved tensor modified before backward). The storage is
 * released by its backend when the last tensor viewing it becomes unreachable, or at once by {@link #release()}.
 * Storage that the garbage collector reclaims by itself ({@link Storage#needsRelease()} false: heap arrays)
 * gets no {@link Cleaner}: registering one per tensor costs more than the small ops it would guard.
 */
public final class StorageRef {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Backend backend;
    private final Storage storage;
    /** The Cleaner's handle, or null for storage the garbage collector reclaims by itself. */
    private final Cleaner.Cleanable cleanable;
    private int version;
    private boolean released;

    public StorageRef(Backend backend, Storage storage) {
        this.backend = backend;
        this.storage = storage;
        this.cleanable = storage.needsRelease() ? CLEANER.register(this, new Releaser(backend, storage)) : null;
    }

    public Backend backend() { return backend; }

    public Storage storage() { return storage; }

    /** Number of in-place writes so far. */
    public int version() { return version; }

    /** Records an in-place write. */
    public void bumpVersion() { version++; }

    /** Releases the storage now (idempotent). */
    public void release() {
        if (cleanable != null) {
            cleanable.clean();
            return;
        }
        synchronized (this) {
            if (released) return;
            released = true;
        }
        backend.release(storage);
    }

    /** Holds no reference to the StorageRef, so the Cleaner can run. */
    private record Releaser(Backend backend, Storage storage) implements Runnable {
        @Override
        public void run() {
            backend.release(storage);
        }
    }
}
