package dev.kiln.data;

import dev.kiln.DType;
import dev.kiln.Kiln;
import dev.kiln.Tensor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataLoaderTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);

    /** Sample i is (tensor [i, 10i], label i). */
    static class Numbers implements Dataset<Sample<Tensor, Integer>> {
        final int n;

        Numbers(int n) { this.n = n; }

        @Override public int size() { return n; }

        @Override
        public Sample<Tensor, Integer> get(int i) {
            Dataset.checkIndex("Numbers", i, n);
            return new Sample<>(Tensor.of(new float[] {i, 10 * i}), i);
        }
    }

    private static List<Integer> labelsOf(DataLoader<?, Batch> loader) {
        List<Integer> out = new ArrayList<>();
        for (Batch b : loader) for (long y : b.target().toLongArray()) out.add((int) y);
        return out;
    }

    @Test
    void batchesInOrderWithALastPartialBatch() {
        var loader = DataLoader.builder(new Numbers(10)).batchSize(4).build();
        assertEquals(3, loader.size());
        List<Batch> batches = new ArrayList<>();
        loader.forEach(batches::add);
        assertEquals(3, batches.size());
        assertArrayEquals(new int[] {4, 2}, batches.get(0).input().shape());
        assertEquals(DType.FLOAT32, batches.get(0).input().dtype());
        assertEquals(DType.INT64, batches.get(0).target().dtype());
        assertArrayEquals(new long[] {0, 1, 2, 3}, batches.get(0).target().toLongArray());
        assertArrayEquals(new float[] {4, 40, 5, 50, 6, 60, 7, 70}, batches.get(1).input().toFloatArray());
        assertEquals(2, batches.get(2).size());
        assertArrayEquals(new long[] {8, 9}, batches.get(2).target().toLongArray());
    }

    @Test
    void dropLastDropsThePartialBatch() {
        var loader = DataLoader.builder(new Numbers(10)).batchSize(4).dropLast(true).build();
        assertEquals(2, loader.size());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), labelsOf(loader));
        assertEquals(0, DataLoader.builder(new Numbers(3)).batchSize(4).dropLast(true).build().size());
        assertFalse(DataLoader.builder(new Numbers(0)).batchSize(4).build().iterator().hasNext());
    }

    @Test
    void seededShuffleIsAPermutationThatRepeatsAcrossRunsAndChangesAcrossEpochs() {
        var a = DataLoader.builder(new Numbers(50)).batchSize(8).seed(42).build();
        var b = DataLoader.builder(new Numbers(50)).batchSize(8).seed(42).build();
        List<Integer> a1 = labelsOf(a), a2 = labelsOf(a), b1 = labelsOf(b), b2 = labelsOf(b);
        assertEquals(a1, b1, "same seed, same first epoch");
        assertEquals(a2, b2, "same seed, same second epoch");
        assertNotEquals(a1, a2, "epochs differ");
        assertNotEquals(range(50), a1, "shuffled");
        assertEquals(new HashSet<>(range(50)), new HashSet<>(a1));
        assertEquals(50, a1.size());
        assertNotEquals(a1, labelsOf(DataLoader.builder(new Numbers(50)).batchSize(8).seed(43).build()));
    }

    @Test
    void unseededShuffleFollowsKilnManualSeed() {
        Kiln.manualSeed(7);
        List<Integer> first = labelsOf(DataLoader.builder(new Numbers(40)).batchSize(5).shuffle(true).build());
        Kiln.manualSeed(7);
        List<Integer> again = labelsOf(DataLoader.builder(new Numbers(40)).batchSize(5).shuffle(true).build());
        assertEquals(first, again);
        Kiln.manualSeed(8);
        assertNotEquals(first, labelsOf(DataLoader.builder(new Numbers(40)).batchSize(5).shuffle(true).build()));
    }

    @Test
    void defaultCollateTypes() {
        Batch ints = Collate.toBatch(List.of(Sample.of(Tensor.of(1f), 3), Sample.of(Tensor.of(2f), 4)));
        assertEquals(DType.INT64, ints.target().dtype());
        assertArrayEquals(new int[] {2}, ints.input().shape(), "Tensor.of(1f) is a scalar; two stack to [2]");
        Batch longs = Collate.toBatch(List.of(Sample.of(Tensor.of(1f), 3L)));
        assertEquals(DType.INT64, longs.target().dtype());
        Batch doubles = Collate.toBatch(List.of(Sample.of(Tensor.of(1f), 0.5), Sample.of(Tensor.of(1f), 1.5)));
        assertEquals(DType.FLOAT32, doubles.target().dtype());
        assertArrayEquals(new float[] {0.5f, 1.5f}, doubles.target().toFloatArray());
        Batch bare = Collate.toBatch(List.of(Tensor.of(1f, 2f), Tensor.of(3f, 4f)));
        assertArrayEquals(new int[] {2, 2}, bare.input().shape());
        assertNull(bare.target());
        var bad = assertThrows(IllegalArgumentException.class,
                () -> Collate.toBatch(List.of(Sample.of(Tensor.of(1f), 1), Sample.of(Tensor.of(1f, 2f), 1))));
        assertTrue(bad.getMessage().contains("different shapes") && bad.getMessage().contains("[2]"), bad.getMessage());
        var nul = assertThrows(IllegalArgumentException.class, () -> Collate.toBatch(java.util.Arrays.asList(Tensor.of(1f), null)));
        assertTrue(nul.getMessage().contains("sample 1 of the batch is null"), nul.getMessage());
        var str = assertThrows(IllegalArgumentException.class, () -> Collate.toBatch(List.of(Sample.of("x", 1))));
        assertTrue(str.getMessage().contains("java.lang.String") && str.getMessage().contains("collate(...)"), str.getMessage());
    }

    @Test
    void customCollate() {
        var loader = DataLoader.builder(new Numbers(7)).batchSize(3)
                .collate(samples -> samples.stream().mapToInt(Sample::target).sum()).build();
        List<Integer> sums = new ArrayList<>();
        for (int s : loader) sums.add(s);
        assertEquals(List.of(0 + 1 + 2, 3 + 4 + 5, 6), sums);
    }

    @Test
    void workersKeepTheOrderWhateverFinishesFirst() {
        assertTimeoutPreemptively(LIMIT, () -> {
            Dataset<Sample<Tensor, Integer>> slow = new Numbers(64) {
                @Override
                public Sample<Tensor, Integer> get(int i) {
                    sleep((i * 37) % 5); // batches finish out of order
                    return super.get(i);
                }
            };
            for (int w : new int[] {1, 2, 3}) {
                try (var loader = DataLoader.builder(slow).batchSize(5).workers(w).build()) {
                    assertEquals(range(64), labelsOf(loader), "workers " + w);
                }
            }
            try (var shuffled = DataLoader.builder(slow).batchSize(5).workers(2).seed(3).build();
                 var serial = DataLoader.builder(slow).batchSize(5).seed(3).build()) {
                assertEquals(labelsOf(serial), labelsOf(shuffled), "the same seed gives the same order with workers");
            }
        });
    }

    @Test
    void prefetchIsBounded() {
        assertTimeoutPreemptively(LIMIT, () -> {
            int[] highest = {-1};
            Dataset<Integer> ds = new Dataset<>() {
                @Override public int size() { return 400; }

                @Override
                public Integer get(int i) {
                    synchronized (highest) {
                        highest[0] = Math.max(highest[0], i);
                    }
                    return i;
                }
            };
            int workers = 2, prefetch = 3, batch = 4;
            try (var loader = DataLoader.builder(ds).batchSize(batch).workers(workers).prefetch(prefetch)
                    .collate(List::copyOf).build()) {
                int taken = 0;
                for (List<Integer> b : loader) {
                    taken++;
                    sleep(2); // a slow consumer: workers would run ahead if they could
                    synchronized (highest) {
                        // batches loaded: at most the ones taken plus workers * prefetch ahead
                        assertTrue(highest[0] < (taken + workers * prefetch) * batch,
                                "loaded up to sample " + highest[0] + " after taking " + taken + " batches");
                    }
                    if (taken == 30) break;
                }
            }
        });
    }

    @Test
    void aFailingSampleIsNamedOnTheIteratingThreadWithItsCause() {
        assertTimeoutPreemptively(LIMIT, () -> {
            Dataset<Sample<Tensor, Integer>> broken = new Numbers(100) {
                @Override
                public Sample<Tensor, Integer> get(int i) {
                    if (i == 37) throw new IllegalStateException("corrupt record");
                    return super.get(i);
                }
            };
            for (int w : new int[] {0, 2}) {
                try (var loader = DataLoader.builder(broken).batchSize(8).workers(w).build()) {
                    List<Integer> seen = new ArrayList<>();
                    DataLoaderException e = assertThrows(DataLoaderException.class, () -> {
                        for (Batch b : loader) seen.add(b.size());
                    });
                    assertEquals(37, e.sampleIndex());
                    assertTrue(e.getMessage().contains("sample 37") && e.getMessage().contains("batch 4")
                            && e.getMessage().contains("corrupt record"), e.getMessage());
                    assertTrue(e.getCause() instanceof IllegalStateException);
                    assertEquals(List.of(8, 8, 8, 8), seen, "batches before the failing one arrive");
                    if (w > 0) assertTrue(e.getMessage().contains("worker kiln-dataloader-"), e.getMessage());
                }
            }
        });
    }

    @Test
    void aFailingTransformIsNamedToo() {
        assertTimeoutPreemptively(LIMIT, () -> {
            TensorDataset base = new TensorDataset(Tensor.zeros(6, 2), Tensor.arange(6));
            Transform<Tensor, Tensor> bad = t -> t.view(3); // 2 elements cannot be 3
            Dataset<Sample<Tensor, Tensor>> ds = new Dataset<>() {
                @Override public int size() { return base.size(); }

                @Override public Sample<Tensor, Tensor> get(int i) { return base.get(i).map(bad, null); }
            };
            try (var loader = DataLoader.builder(ds).batchSize(2).workers(2).build()) {
                DataLoaderException e = assertThrows(DataLoaderException.class, () -> loader.iterator().next());
                assertEquals(0, e.sampleIndex());
                assertTrue(e.getMessage().contains("sample 0"), e.getMessage());
            }
        });
    }

    @Test
    void closeStopsTheWorkerThreads() {
        assertTimeoutPreemptively(LIMIT, () -> {
            var loader = DataLoader.builder(new Numbers(1000)).batchSize(4).workers(3).build();
            var it = loader.iterator();
            it.next();
            assertTrue(countWorkers() >= 1, "workers run");
            loader.close();
            assertEquals(0, workerThreads(), "close() ended the workers");
            assertThrows(IllegalStateException.class, loader::iterator);
            assertThrows(RuntimeException.class, () -> { while (it.hasNext()) it.next(); });
        });
    }

    @Test
    void breakingOutOfAnIterationNeitherHangsNorLeaks() {
        assertTimeoutPreemptively(LIMIT, () -> {
            try (var loader = DataLoader.builder(new Numbers(2000)).batchSize(4).workers(2).build()) {
                for (int epoch = 0; epoch < 3; epoch++) {
                    int k = 0;
                    for (Batch b : loader) if (++k == 5) break;
                    assertEquals(5, k);
                }
                // never closed: the idle workers still end on their own
                long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
                while (workerThreads() > 0 && System.nanoTime() < deadline) sleep(50);
                assertEquals(0, workerThreads(), "abandoned iterations left threads running");
                assertEquals(List.of(0, 1, 2, 3), Arrays.stream(loader.iterator().next().target().toLongArray())
                        .mapToObj(v -> (int) v).toList(), "the loader still works");
            }
            assertEquals(0, workerThreads());
        });
    }

    @Test
    void closingWhileTheConsumerWaitsGivesAnExceptionNotAHang() {
        assertTimeoutPreemptively(LIMIT, () -> {
            Dataset<Integer> stuck = new Dataset<>() {
                @Override public int size() { return 10; }

                @Override
                public Integer get(int i) {
                    sleep(60_000); // a dataset that never returns in time; interruptible
                    return i;
                }
            };
            var loader = DataLoader.builder(stuck).batchSize(2).workers(2).collate(List::copyOf).build();
            var it = loader.iterator();
            Thread closer = new Thread(() -> {
                sleep(200);
                loader.close();
            });
            closer.start();
            IllegalStateException e = assertThrows(IllegalStateException.class, it::next);
            assertTrue(e.getMessage().contains("closed while iterating"), e.getMessage());
            closer.join();
            assertEquals(0, workerThreads());
        });
    }

    @Test
    void workerThreadsAreDaemons() {
        assertTimeoutPreemptively(LIMIT, () -> {
            try (var loader = DataLoader.builder(new Numbers(100)).batchSize(2).workers(2).build()) {
                loader.iterator().next();
                for (Thread t : Thread.getAllStackTraces().keySet()) {
                    if (t.getName().startsWith("kiln-dataloader-")) assertTrue(t.isDaemon(), t.getName());
                }
            }
        });
    }

    @Test
    void builderRefusesBadSettings() {
        var b = DataLoader.builder(new Numbers(3));
        assertThrows(IllegalArgumentException.class, () -> b.batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> b.workers(-1));
        assertThrows(IllegalArgumentException.class, () -> b.prefetch(0));
    }

    @Test
    void tensorDatasetChecksSizes() {
        var ds = new TensorDataset(Tensor.arange(0, 6, 1, dev.kiln.TensorOptions.of(DType.FLOAT32)).view(3, 2),
                Tensor.of(5L, 6L, 7L));
        assertEquals(3, ds.size());
        assertArrayEquals(new float[] {2, 3}, ds.get(1).input().toFloatArray());
        assertEquals(6L, ds.get(1).target().itemLong());
        var e = assertThrows(IllegalArgumentException.class, () -> new TensorDataset(Tensor.zeros(3, 2), Tensor.zeros(4)));
        assertTrue(e.getMessage().contains("[3, 2]") && e.getMessage().contains("[4]"), e.getMessage());
        var oob = assertThrows(IndexOutOfBoundsException.class, () -> ds.get(3));
        assertTrue(oob.getMessage().contains("index 3"), oob.getMessage());
    }

    static int countWorkers() {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("kiln-dataloader-")) n++;
        }
        return n;
    }

    /** The live worker threads, after giving threads told to stop up to a second to leave. */
    static int workerThreads() {
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        int n;
        while ((n = countWorkers()) > 0 && System.nanoTime() < deadline) sleep(20);
        return n;
    }

    private static List<Integer> range(int n) {
        List<Integer> r = new ArrayList<>();
        for (int i = 0; i < n; i++) r.add(i);
        return r;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
