package dev.kiln.data;

import dev.kiln.core.random.Generator;

import java.lang.ref.Cleaner;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Iterates a dataset in batches ({@code torch.utils.data.DataLoader}):
 * <pre>{@code
 * try (var loader = DataLoader.builder(trainSet).batchSize(64).shuffle(true).workers(2).build()) {
 *     for (Batch b : loader) { ... b.input() ... b.target() ... }
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>Order.</b> Each iteration (epoch) visits every index once, in order or, with {@code shuffle},
 *   in a permutation drawn at the start of the iteration. The permutation's seed comes from the
 *   builder's {@code seed} (a private generator, so epochs differ but runs repeat) or else from Kiln's
 *   global generator, so {@code Kiln.manualSeed} makes it reproducible, as PyTorch's RandomSampler.</li>
 *   <li><b>Workers.</b> With {@code workers(n > 0)}, each iteration starts {@code n} daemon threads that
 *   load and collate whole batches; at most {@code n * prefetch} batches are loaded ahead of the
 *   consumer, and batches arrive in order whatever thread finished first. Idle workers end after a
 *   second, so an abandoned iteration (a {@code break}) leaks no thread even if never closed.</li>
 *   <li><b>Errors.</b> An exception from the dataset, a transform or the collate reaches the iterating
 *   thread as a {@link DataLoaderException} that names the sample index and keeps the cause; the
 *   iteration then stops its workers.</li>
 *   <li><b>Closing.</b> {@link #close()} stops the workers of every running iteration and waits
 *   (bounded) for them to end; a consumer blocked on a batch gets an exception, never a hang.</li>
 * </ul>
 *
 * @param <S> the dataset's sample type
 * @param <B> the batch type the collate makes ({@link Batch} by default)
 */
public final class DataLoader<S, B> implements Iterable<B>, AutoCloseable {
    private static final AtomicInteger LOADERS = new AtomicInteger();
    private static final Cleaner CLEANER = Cleaner.create();
    /** How long an idle worker waits for the next batch before its thread ends. */
    private static final long WORKER_KEEP_ALIVE_MS = 1000;
    /** How long {@link #close()} waits for workers busy in a dataset's {@code get} to return. */
    private static final long CLOSE_WAIT_MS = 5000;

    private final Dataset<S> dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final Generator seeds;
    private final boolean dropLast;
    private final int workers;
    private final int prefetch;
    private final Function<? super List<S>, ? extends B> collate;
    private final int id = LOADERS.incrementAndGet();
    private final Set<Pool> pools = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private DataLoader(Builder<S, B> b) {
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seeds = b.seed == null ? null : new Generator(b.seed);
        this.dropLast = b.dropLast;
        this.workers = b.workers;
        this.prefetch = b.prefetch;
        this.collate = b.collate;
    }

    /**
     * A builder over {@code dataset} with PyTorch's defaults: batch size 1, no shuffle, no workers, keep
     * the last partial batch, the default collate.
     *
     * @param dataset the dataset to load
     * @param <S>     its sample type
     * @return a builder
     */
    public static <S> Builder<S, Batch> builder(Dataset<S> dataset) {
        return new Builder<>(Objects.requireNonNull(dataset, "dataset"), Collate::toBatch);
    }

    /** The number of batches an iteration yields ({@code len(loader)}). */
    public int size() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The dataset this loader reads. */
    public Dataset<S> dataset() { return dataset; }

    /** The batch size. */
    public int batchSize() { return batchSize; }

    /** The number of worker threads per iteration (0: load on the iterating thread). */
    public int workers() { return workers; }

    /**
     * Starts an iteration (an epoch): draws the order, then starts the workers if any.
     *
     * @return an iterator over the batches; it is also {@link AutoCloseable} ({@link BatchIterator})
     * @throws IllegalStateException when the loader is closed
     */
    @Override
    public BatchIterator<B> iterator() {
        if (closed) throw new IllegalStateException("DataLoader is closed; build a new one to iterate again");
        int[] order = order();
        return workers == 0 ? new SerialIterator(order) : new WorkerIterator(order);
    }

    /** The indices of one epoch, in visiting order. */
    private int[] order() {
        int n = dataset.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        if (shuffle) {
            long seed = (seeds != null ? seeds : Generator.global()).integers(0, Long.MAX_VALUE, 1)[0];
            SplittableRandom rnd = new SplittableRandom(seed);
            for (int i = n - 1; i > 0; i--) { // Fisher-Yates
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /** Loads and collates batch {@code b} of {@code order}; every failure names its sample index. */
    private B load(int[] order, int b) {
        int from = b * batchSize;
        int to = Math.min(from + batchSize, order.length);
        List<S> samples = new ArrayList<>(to - from);
        for (int k = from; k < to; k++) {
            if (Thread.currentThread().isInterrupted()) throw new CancellationException("DataLoader closed");
            int index = order[k];
            try {
                samples.add(dataset.get(index));
            } catch (RuntimeException | Error e) {
                throw new DataLoaderException(where() + "loading sample " + index + " (batch " + b + ", position "
                        + (k - from) + ") failed: " + e, index, e);
            }
        }
        try {
            return collate.apply(samples);
        } catch (RuntimeException | Error e) {
            throw new DataLoaderException(where() + "collating batch " + b + " (samples " + describe(order, from, to)
                    + ") failed: " + e, -1, e);
        }
    }

    private String where() {
        return workers == 0 ? "DataLoader: " : "DataLoader worker " + Thread.currentThread().getName() + ": ";
    }

    private static String describe(int[] order, int from, int to) {
        StringBuilder sb = new StringBuilder("[");
        for (int k = from; k < Math.min(to, from + 8); k++) sb.append(k > from ? ", " : "").append(order[k]);
        return sb.append(to - from > 8 ? ", ...]" : "]").toString();
    }

    /**
     * Stops the workers of every running iteration, cancels what they had queued and waits up to five
     * seconds for threads busy in the dataset to return. Iterating a closed loader is an error. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        List<Pool> running = List.copyOf(pools);
        for (Pool p : running) p.shutdown();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MS);
        for (Pool p : running) {
            try {
                p.executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    /** An iterator over batches that can be closed early to stop its workers. */
    public interface BatchIterator<B> extends Iterator<B>, AutoCloseable {
        /** Stops this iteration's workers; further {@code next()} calls throw. Idempotent. */
        @Override
        void close();
    }

    /** Workers 0: batches load on the iterating thread, on demand. */
    private final class SerialIterator implements BatchIterator<B> {
        private final int[] order;
        private final int batches = size();
        private int next;

        SerialIterator(int[] order) { this.order = order; }

        @Override public boolean hasNext() { return next < batches; }

        @Override
        public B next() {
            if (!hasNext()) throw new NoSuchElementException("DataLoader: all " + batches + " batches were read");
            return load(order, next++);
        }

        @Override public void close() { next = batches; }
    }

    /**
     * The state a worker iteration shares with its threads. It holds no reference to the iterator, so
     * the iterator can be collected, and the cleaner then shuts the pool down.
     */
    private final class Pool implements Runnable {
        final ThreadPoolExecutor executor;
        final ArrayDeque<FutureTask<B>> pending = new ArrayDeque<>();

        Pool() {
            AtomicInteger threads = new AtomicInteger();
            String prefix = "kiln-dataloader-" + id + "-worker-";
            ThreadFactory tf = r -> {
                Thread t = new Thread(r, prefix + threads.getAndIncrement());
                t.setDaemon(true);
                return t;
            };
            executor = new ThreadPoolExecutor(workers, workers, WORKER_KEEP_ALIVE_MS, TimeUnit.MILLISECONDS,
                    new LinkedBlockingQueue<>(), tf);
            executor.allowCoreThreadTimeOut(true);
            pools.add(this);
        }

        synchronized FutureTask<B> submit(int[] order, int b) {
            FutureTask<B> task = new FutureTask<>(() -> load(order, b));
            if (executor.isShutdown()) return task; // closed meanwhile: next() finds no pending batch and says so
            pending.addLast(task);
            executor.execute(task);
            return task;
        }

        /** The oldest batch not yet taken; it stays pending (cancellable by close) until {@link #taken}. */
        synchronized FutureTask<B> head() { return pending.peekFirst(); }

        synchronized void taken(FutureTask<B> head) { pending.remove(head); }

        /** Interrupts the workers and cancels every batch not yet taken, so no consumer waits forever. */
        synchronized void shutdown() {
            // cancel first: a batch interrupted by the shutdown then reads as cancelled, not as failed
            for (FutureTask<B> t : pending) t.cancel(true);
            executor.shutdownNow();
            pending.clear();
            pools.remove(this);
        }

        @Override public void run() { shutdown(); } // the cleaner's action
    }

    /** Workers n: batches load on a pool, at most {@code workers * prefetch} ahead, delivered in order. */
    private final class WorkerIterator implements BatchIterator<B> {
        private final int[] order;
        private final int batches = size();
        private final Pool pool = new Pool();
        private final Cleaner.Cleanable cleanable = CLEANER.register(this, pool);
        private int submitted;
        private int taken;
        private boolean done;

        WorkerIterator(int[] order) {
            this.order = order;
            int ahead = Math.min(batches, workers * prefetch);
            for (; submitted < ahead; submitted++) pool.submit(order, submitted);
            if (batches == 0) close();
        }

        @Override public boolean hasNext() { return !done && taken < batches; }

        @Override
        public B next() {
            if (done) {
                throw new NoSuchElementException(taken < batches ? "DataLoader: this iteration was closed"
                        : "DataLoader: all " + batches + " batches were read");
            }
            if (taken >= batches) throw new NoSuchElementException("DataLoader: all " + batches + " batches were read");
            FutureTask<B> head = pool.head();
            if (head == null) {
                close();
                throw new IllegalStateException("DataLoader was closed while iterating (batch " + taken + " of " + batches + ")");
            }
            B batch;
            try {
                batch = head.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("DataLoader: interrupted while waiting for batch " + taken, e);
            } catch (CancellationException e) {
                close();
                throw new IllegalStateException("DataLoader was closed while iterating (batch " + taken + " of " + batches + ")", e);
            } catch (ExecutionException e) {
                close();
                Throwable cause = e.getCause();
                if (cause instanceof DataLoaderException d) {
                    // a fresh exception so the iterating thread's stack shows too; the worker's stays as cause
                    throw new DataLoaderException(d.getMessage(), d.sampleIndex(), d.getCause());
                }
                throw new DataLoaderException("DataLoader worker failed on batch " + taken + ": " + cause, -1, cause);
            }
            pool.taken(head);
            taken++;
            if (submitted < batches) pool.submit(order, submitted++);
            if (taken == batches) close();
            return batch;
        }

        @Override
        public void close() {
            done = true;
            cleanable.clean(); // runs pool.shutdown() once
        }
    }

    /**
     * Configures a {@link DataLoader}.
     *
     * @param <S> the dataset's sample type
     * @param <B> the batch type
     */
    public static final class Builder<S, B> {
        private final Dataset<S> dataset;
        private int batchSize = 1;
        private boolean shuffle;
        private Long seed;
        private boolean dropLast;
        private int workers;
        private int prefetch = 2;
        private final Function<? super List<S>, ? extends B> collate;

        private Builder(Dataset<S> dataset, Function<? super List<S>, ? extends B> collate) {
            this.dataset = dataset;
            this.collate = collate;
        }

        private <C> Builder<S, C> copyWith(Function<? super List<S>, ? extends C> c) {
            Builder<S, C> b = new Builder<>(dataset, c);
            b.batchSize = batchSize;
            b.shuffle = shuffle;
            b.seed = seed;
            b.dropLast = dropLast;
            b.workers = workers;
            b.prefetch = prefetch;
            return b;
        }

        /** Samples per batch ({@code batch_size}, default 1); at least 1. */
        public Builder<S, B> batchSize(int batchSize) {
            if (batchSize < 1) throw new IllegalArgumentException("DataLoader: batchSize must be at least 1, got " + batchSize);
            this.batchSize = batchSize;
            return this;
        }

        /** Whether each iteration visits the samples in a fresh random order ({@code shuffle}, default false). */
        public Builder<S, B> shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /**
         * Seeds this loader's own generator ({@code generator=torch.Generator().manual_seed(seed)}) and turns
         * shuffling on: epoch k's order is then the same on every run. Without a seed the order comes from
         * Kiln's global generator ({@code Kiln.manualSeed}).
         */
        public Builder<S, B> seed(long seed) {
            this.seed = seed;
            this.shuffle = true;
            return this;
        }

        /** Whether to drop a last batch smaller than the batch size ({@code drop_last}, default false). */
        public Builder<S, B> dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** Worker threads per iteration ({@code num_workers}, default 0: load on the iterating thread). */
        public Builder<S, B> workers(int workers) {
            if (workers < 0) throw new IllegalArgumentException("DataLoader: workers must be 0 or more, got " + workers);
            this.workers = workers;
            return this;
        }

        /** Batches loaded ahead per worker ({@code prefetch_factor}, default 2); at least 1. */
        public Builder<S, B> prefetch(int prefetch) {
            if (prefetch < 1) throw new IllegalArgumentException("DataLoader: prefetch must be at least 1, got " + prefetch);
            this.prefetch = prefetch;
            return this;
        }

        /**
         * Replaces the default collate ({@code collate_fn}); it runs on the worker threads.
         *
         * @param collate turns one batch's samples (in order) into a batch
         * @param <C>     the new batch type
         * @return a builder with the same settings and this collate
         */
        public <C> Builder<S, C> collate(Function<? super List<S>, ? extends C> collate) {
            return copyWith(Objects.requireNonNull(collate, "collate"));
        }

        /** The loader. */
        public DataLoader<S, B> build() { return new DataLoader<>(this); }
    }
}
