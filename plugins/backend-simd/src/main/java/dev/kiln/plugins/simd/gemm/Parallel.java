package dev.kiln.plugins.simd.gemm;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/** Fork-join of a few parts on the backend's executor, the calling thread taking part 0. */
final class Parallel {
    private Parallel() {}

    /**
     * Runs {@code part.accept(t)} for {@code t < parts}: part 0 on the calling thread, the others on
     * {@code executor}; returns when all are done and rethrows the first failure. (The caller must not itself be
     * one of the executor's threads when the executor could be saturated, or it waits on work nobody runs.)
     */
    static void run(Executor executor, int parts, IntConsumer part) {
        if (parts <= 1 || Thread.currentThread() instanceof java.util.concurrent.ForkJoinWorkerThread) {
            // one part, or already on a pool thread (a kernel called from inside a parallel loop): waiting
            // there for the pool could starve it, so the parts run here one after another
            for (int t = 0; t < Math.max(parts, 1); t++) part.accept(t);
            return;
        }
        CountDownLatch done = new CountDownLatch(parts - 1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int t = 1; t < parts; t++) {
            int id = t;
            executor.execute(() -> {
                try {
                    part.accept(id);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            });
        }
        try {
            part.accept(0);
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        Throwable e = failure.get();
        if (e instanceof RuntimeException r) throw r;
        if (e instanceof Error r) throw r;
        if (e != null) throw new IllegalStateException("simd.gemm: a worker failed", e);
    }
}
