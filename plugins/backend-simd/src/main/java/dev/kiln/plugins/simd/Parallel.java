package dev.kiln.plugins.simd;

import java.util.concurrent.CountedCompleter;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread pool of the SIMD backend: a fork-join pool of daemon threads, sized by
 * {@code KILN_THREADS} / {@code kiln.threads} (default: the available processors). Work is split only
 * when it is large: {@link #forRange} runs below its grain on the calling thread, so small tensors
 * never pay for a hand-off.
 *
 * <p>Public so the gemm and fused packages share the same pool.
 */
public final class Parallel implements AutoCloseable {
    /** A body over the index range {@code [start, end)}. */
    @FunctionalInterface
    public interface RangeBody {
        /** Runs the work of indices {@code [start, end)}. */
        void run(long start, long end);
    }

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int threads;
    private final ForkJoinPool pool;

    /** A pool of {@code threads} daemon threads; one thread means everything runs on the caller. */
    Parallel(int threads) {
        if (threads < 1) throw new IllegalArgumentException("simd: thread count must be >= 1, got " + threads);
        this.threads = threads;
        int id = POOLS.incrementAndGet();
        this.pool = threads == 1 ? null : new ForkJoinPool(threads, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("kiln-simd-" + id + "-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    /** The number of threads work is split over. */
    public int threads() { return threads; }

    /** The pool as an executor for the gemm package's fork-join (null with one thread). */
    public java.util.concurrent.Executor executor() { return pool; }

    /**
     * Runs {@code body} over {@code [0, n)}: on the caller when {@code n < 2 * grain} or the pool has
     * one thread, else in at most {@link #threads()} chunks of at least {@code grain} indices, the
     * caller waiting for all of them. Exceptions of a chunk are rethrown.
     */
    public void forRange(long n, long grain, RangeBody body) {
        if (pool == null || n < 2 * grain || Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == pool) {
            body.run(0, n);
            return;
        }
        int chunks = (int) Math.min(threads, n / grain);
        pool.invoke(new Chunk(null, body, n, chunks, 0, chunks));
    }

    /** A range of chunks, split in halves; chunk k covers {@code [k*n/chunks, (k+1)*n/chunks)}. */
    private static final class Chunk extends CountedCompleter<Void> {
        private final RangeBody body;
        private final long n;
        private final int chunks;
        private final int lo;
        private final int hi;

        Chunk(Chunk parent, RangeBody body, long n, int chunks, int lo, int hi) {
            super(parent);
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        public void compute() {
            int l = lo;
            int h = hi;
            while (h - l > 1) {
                int mid = (l + h) >>> 1;
                addToPendingCount(1);
                new Chunk(this, body, n, chunks, mid, h).fork();
                h = mid;
            }
            body.run(l * n / chunks, (l + 1) * n / chunks);
            tryComplete();
        }
    }

    /** Shuts the pool down (its daemon threads end once idle). */
    @Override
    public void close() {
        if (pool != null) pool.shutdown();
    }
}
