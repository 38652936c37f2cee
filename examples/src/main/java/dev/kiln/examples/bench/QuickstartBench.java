package dev.kiln.examples.bench;

import dev.kiln.Kiln;
import dev.kiln.KilnRuntime;
import dev.kiln.Tensor;
import dev.kiln.layers.Flatten;
import dev.kiln.layers.Linear;
import dev.kiln.layers.ReLU;
import dev.kiln.layers.Sequential;
import dev.kiln.nn.F;
import dev.kiln.optim.SGD;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

/**
 * {@code quickstart_epoch}: the PyTorch quickstart's model (Flatten, Linear(784, 512), ReLU, Linear(512, 512),
 * ReLU, Linear(512, 10)), cross entropy, SGD lr 1e-3, batches of 64 of the 60000 Fashion-MNIST training images
 * in a fresh random order each epoch; the median time of 3 epochs, batches gathered from the dataset in memory
 * as {@code xs[perm[i:i+64]]} does (no DataLoader: the script has none). Two backend threads, as PyTorch's BLAS
 * runs. {@code zeroGrad(false)}: PyTorch 1.13's {@code zero_grad()} zeroes in place. Per-epoch times and the resident set size go to the notes, so growth from epoch to epoch shows.
 */
final class QuickstartBench {
    private QuickstartBench() {}

    static void run(BenchContext ctx) {
        Idx.Images images;
        long[] labels;
        try {
            images = Idx.images("train-images-idx3-ubyte.gz");
            labels = Idx.labels("train-labels-idx1-ubyte.gz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (KilnRuntime rt = ctx.open(2)) {
            Kiln.manualSeed(0);
            Sequential model = new Sequential(new Flatten(), new Linear(784, 512), new ReLU(), new Linear(512, 512),
                    new ReLU(), new Linear(512, 10));
            SGD opt = new SGD(model.parameters(), 1e-3);
            int n = images.n();
            int pixels = images.rows() * images.cols();
            Random random = new Random(0);
            double[] times = new double[3];
            for (int epoch = 0; epoch < times.length; epoch++) {
                int[] perm = permutation(n, random);
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i += 64) {
                    int bs = Math.min(64, n - i);
                    float[] xb = new float[bs * pixels];
                    long[] yb = new long[bs];
                    for (int r = 0; r < bs; r++) {
                        System.arraycopy(images.data(), perm[i + r] * pixels, xb, r * pixels, pixels);
                        yb[r] = labels[perm[i + r]];
                    }
                    Tensor x = Tensor.wrap(xb, bs, images.rows(), images.cols());
                    Tensor y = Tensor.of(yb);
                    Tensor loss = F.crossEntropy(model.forward(x), y);
                    opt.zeroGrad(false);
                    loss.backward();
                    opt.step();
                }
                times[epoch] = (System.nanoTime() - t0) / 1e9;
                ctx.notes().printf("quickstart: epoch %d %.3f s, resident %s%n", epoch + 1, times[epoch], Memory.describe());
                ctx.notes().flush();
            }
            ctx.figures(rt).put("quickstart_epoch", Timer.median(times), "s");
        }
    }

    /** A uniformly random order of {@code 0..n-1}. */
    static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
