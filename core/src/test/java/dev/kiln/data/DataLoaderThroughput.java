package dev.kiln.data;

import dev.kiln.Tensor;
import dev.kiln.data.datasets.FashionMnist;
import dev.kiln.data.transforms.ToTensor;

/**
 * Measures DataLoader throughput over the full Fashion-MNIST training set as the quickstart loads it
 * (ToTensor, batch 64, shuffled): one warm-up epoch, then timed epochs per worker count. Not a test.
 * <pre>
 * java -cp core/target/classes:core/target/test-classes:$(cat cp.txt) dev.kiln.data.DataLoaderThroughput [epochs] [workers...]
 * </pre>
 */
public final class DataLoaderThroughput {
    private DataLoaderThroughput() {}

    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int[] workers = args.length > 1 ? java.util.Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {0, 2};
        long t0 = System.nanoTime();
        var train = FashionMnist.builder().train(true).transform(new ToTensor()).build();
        System.out.printf("loaded %d images in %.2f s%n", train.size(), (System.nanoTime() - t0) / 1e9);
        for (int w : workers) {
            try (var loader = DataLoader.builder(train).batchSize(64).shuffle(true).workers(w).build()) {
                for (int e = 0; e <= epochs; e++) {
                    long start = System.nanoTime();
                    long cpu0 = cpuNanos();
                    long main0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                    double check = 0;
                    int n = 0;
                    for (Batch b : loader) {
                        n++;
                        if (n == 1) check += b.input().sum().item(); // touch the data once per epoch
                    }
                    double s = (System.nanoTime() - start) / 1e9;
                    double cpu = (cpuNanos() - cpu0) / 1e9;
                    double mainCpu = (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - main0) / 1e9;
                    System.out.printf("workers %d epoch %d%s: %d batches in %.2f s = %.0f batches/s (%.0f images/s),"
                                    + " CPU %.2f s (iterating thread %.2f s) [%.1f]%n",
                            w, e, e == 0 ? " (warm-up)" : "", n, s, n / s, train.size() / s, cpu, mainCpu, check);
                }
            }
        }
        Tensor all = train.get(0).input();
        System.out.println("sample shape " + java.util.Arrays.toString(all.shape()));
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
