package dev.kiln.examples.bench;

import dev.kiln.Kiln;
import dev.kiln.KilnRuntime;
import dev.kiln.Tensor;
import dev.kiln.layers.Conv2d;
import dev.kiln.layers.Linear;
import dev.kiln.nn.F;
import dev.kiln.nn.Layer;
import dev.kiln.optim.SGD;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code lenet_step}: LeNet-5 (conv 1->6 k5, max pool 2, conv 6->16 k5, max pool 2, fc 400-120-84-10 with ReLU)
 * on the first 200 batches of 64 Fashion-MNIST training images zero-padded to 32x32, cross entropy, SGD lr 0.01
 * momentum 0.9; the median time of a step over the batches after the first 10, in ms, on 2 backend threads.
 * {@code zeroGrad(false)}: PyTorch 1.13's {@code zero_grad()} zeroes in place.
 */
final class LenetBench {
    private LenetBench() {}

    /** The script's LeNet: layers registered by name, forward with the functional relu and max pool as there. */
    static final class LeNet extends Layer {
        final Conv2d conv1 = registerModule("conv1", new Conv2d(1, 6, 5));
        final Conv2d conv2 = registerModule("conv2", new Conv2d(6, 16, 5));
        final Linear fc1 = registerModule("fc1", new Linear(400, 120));
        final Linear fc2 = registerModule("fc2", new Linear(120, 84));
        final Linear fc3 = registerModule("fc3", new Linear(84, 10));

        @Override
        public Tensor forward(Tensor x) {
            x = F.maxPool2d(F.relu(conv1.forward(x)), 2);
            x = F.maxPool2d(F.relu(conv2.forward(x)), 2);
            x = x.flatten(1, -1);
            return fc3.forward(F.relu(fc2.forward(F.relu(fc1.forward(x)))));
        }
    }

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
            LeNet net = new LeNet();
            SGD opt = new SGD(net.parameters(), 0.01).momentum(0.9);
            List<Double> steps = new ArrayList<>();
            for (int i = 0; i < count; i += 64) {
                int end = Math.min(i + 64, count);
                long t0 = System.nanoTime();
                Tensor loss = F.crossEntropy(net.forward(xs.slice(0, i, end)), ys.slice(0, i, end));
                opt.zeroGrad(false);
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
