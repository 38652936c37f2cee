package dev.kiln.core.tensor;

import dev.kiln.DType;
import dev.kiln.core.ref.RefStorage;
import dev.kiln.core.ref.ReferenceBackend;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BinaryOp;
import dev.kiln.spi.Capabilities;
import dev.kiln.spi.Kernel;
import dev.kiln.spi.Storage;
import dev.kiln.spi.UnsupportedKernelException;
import dev.kiln.spi.View;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fast paths of the per-op overhead work keep their contracts: strict capability checks, release. */
class OverheadPathsTest {

    /** A backend that declares only BINARY for float64 and counts kernel calls and releases. */
    private static Backend partial(AtomicInteger binaries, AtomicInteger releases) {
        Capabilities caps = Capabilities.builder().kernel(Kernel.BINARY, DType.FLOAT64).build();
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "name" -> "partial";
                    case "capabilities" -> caps;
                    case "binary" -> { binaries.incrementAndGet(); yield null; }
                    case "release" -> { releases.incrementAndGet(); yield null; }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static Storage storage(DType dtype) {
        return new Storage() {
            @Override public DType dtype() { return dtype; }
            @Override public long numel() { return 1; }
        };
    }

    private static View view(Storage s) { return new View(s, s.dtype(), 0, new int[] {1}, new long[] {1}); }

    @Test
    void capabilityChecksStayStrictWhenBackendsAlternate() {
        ReferenceBackend ref = new ReferenceBackend();
        AtomicInteger calls = new AtomicInteger();
        Backend partial = partial(calls, new AtomicInteger());
        View r32 = new View(ref.allocate(DType.FLOAT32, 1), DType.FLOAT32, 0, new int[] {1}, new long[] {1});
        View p32 = view(storage(DType.FLOAT32));
        View p64 = view(storage(DType.FLOAT64));
        for (int round = 0; round < 3; round++) {
            Dispatch.binary("add", ref, BinaryOp.ADD, r32, r32, r32);
            var e = assertThrows(UnsupportedKernelException.class,
                    () -> Dispatch.binary("add", partial, BinaryOp.ADD, p32, p32, p32));
            assertTrue(e.getMessage().contains("partial"), e.getMessage());
            Dispatch.binary("add", partial, BinaryOp.ADD, p64, p64, p64);
            assertThrows(UnsupportedKernelException.class, () -> Dispatch.fill("fill", partial, p64, 0));
            Dispatch.fill("fill", ref, r32, 1);
        }
        assertEquals(3, calls.get());
    }

    @Test
    void heapStorageNeedsNoCleanerButReleasesOnce() {
        ReferenceBackend ref = new ReferenceBackend();
        Storage s = ref.allocate(DType.FLOAT32, 4);
        assertFalse(s.needsRelease());
        StorageRef handle = new StorageRef(ref, s);
        handle.release();
        handle.release();
        assertTrue(((RefStorage) s).isReleased());
    }

    @Test
    void storageThatNeedsReleaseIsReleasedOnceThroughItsBackend() {
        AtomicInteger releases = new AtomicInteger();
        Backend partial = partial(new AtomicInteger(), releases);
        Storage s = storage(DType.FLOAT64);
        assertTrue(s.needsRelease());
        StorageRef handle = new StorageRef(partial, s);
        handle.release();
        handle.release();
        assertEquals(1, releases.get());
    }

    @Test
    void closingTheReferenceBackendReleasesItsStorageAtOnce() {
        ReferenceBackend ref = new ReferenceBackend();
        RefStorage a = (RefStorage) ref.allocate(DType.INT32, 2);
        RefStorage b = (RefStorage) ref.allocate(DType.FLOAT64, 3);
        assertFalse(a.isReleased());
        ref.close();
        assertTrue(a.isReleased());
        assertTrue(b.isReleased());
    }
}
