package dev.kiln.examples.bench;

import dev.kiln.Kiln;
import dev.kiln.KilnRuntime;
import dev.kiln.Tensor;
import dev.kiln.nn.F;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code lenet_step}: LeNet-5 (conv 1->6 k5, max pool 2, conv 6->16 k5, max pool 2, fc 400-120-84-10 with ReLU)
 * on the first 200 batches of 64 Fashion-MNIST training images zero-padded to 32x32, cross entropy, SGD lr 0.01
 * momentum 0.9; the median time of a step over the batches after the first 10, in ms, on 2 backend threads.
 * Functional api and a hand-written SGD until the layer and optimizer packs are on this module's path.
 */
final class LenetBench {
    private LenetBench() {}

    static void run(BenchContext ctx) {
        Idx.Images images;
        long[] labels;
        try {
            images = Idx.images("train-images-idx3-ubyte.gz");
            labels = Idx.labels("train-labels-idx1-ubyte.gz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int count = Math.min(64 * 200, images.n());
        int h = images.rows();
        int w = images.cols();
        float[] padded = new float[count * 32 * 32];
        for (int i = 0; i < count; i++) {
            for (int r = 0; r < h; r++) {
                System.arraycopy(images.data(), (i * h + r) * w, padded, (i * 32 + r + 2) * 32 + 2, w);
            }
        }
        try (KilnRuntime rt = ctx.open(2)) {
            Kiln.manualSeed(0);
            Tensor xs = Tensor.wrap(padded, count, 1, 32, 32);
            Tensor ys = Tensor.of(java.util.Arrays.copyOf(labels, count));
            List<Tensor> p = new ArrayList<>();
            p.addAll(Params.conv(1, 6, 5));
            p.addAll(Params.conv(6, 16, 5));
            p.addAll(Params.linear(400, 120));
            p.addAll(Params.linear(120, 84));
            p.addAll(Params.linear(84, 10));
            Sgd opt = new Sgd(p, 0.01, 0.9);
            List<Double> steps = new ArrayList<>();
            for (int i = 0; i < count; i += 64) {
                int end = Math.min(i + 64, count);
                long t0 = System.nanoTime();
                Tensor x = xs.slice(0, i, end);
                Tensor a = F.maxPool2d(F.relu(F.conv2d(x, p.get(0), p.get(1))), 2);
                a = F.maxPool2d(F.relu(F.conv2d(a, p.get(2), p.get(3))), 2);
                a = a.flatten(1, -1);
                a = F.relu(F.linear(a, p.get(4), p.get(5)));
                a = F.relu(F.linear(a, p.get(6), p.get(7)));
                Tensor loss = F.crossEntropy(F.linear(a, p.get(8), p.get(9)), ys.slice(0, i, end));
                opt.zeroGrad();
                loss.backward();
                opt.step();
                steps.add((System.nanoTime() - t0) / 1e9);
            }
            double[] after = steps.subList(Math.min(10, steps.size()), steps.size()).stream()
                    .mapToDouble(Double::doubleValue).toArray();
            ctx.figures(rt).put("lenet_step", Timer.median(after) * 1e3, "ms");
        }
    }
}
