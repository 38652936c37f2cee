package dev.kiln.examples.lenet;

import dev.kiln.Kiln;
import dev.kiln.Tensor;
import dev.kiln.autograd.GradScope;
import dev.kiln.data.Batch;
import dev.kiln.data.DataLoader;
import dev.kiln.data.Sample;
import dev.kiln.data.datasets.ClasspathFolder;
import dev.kiln.data.datasets.FashionMnist;
import dev.kiln.data.datasets.MnistDataset;
import dev.kiln.data.transforms.Compose;
import dev.kiln.data.transforms.ToTensor;
import dev.kiln.layers.CrossEntropyLoss;
import dev.kiln.optim.SGD;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The tutorial's LeNet trained on Fashion-MNIST padded to 32×32 (the size LeNet was drawn for): it prints
 * the model as PyTorch does, trains with {@code SGD(lr=0.01, momentum=0.9)} and cross entropy in batches
 * of 64, shuffled, and tests, printing the quickstart's lines and the median time of a training step.
 */
public final class LeNetTraining {
    private LeNetTraining() {}

    /** Where the shipped subset lies on the class path. */
    public static final String SUBSET = "/fashion-mnist-subset";

    /**
     * What to run.
     *
     * @param data       the folder of the IDX files, or null: Debian's folder when present, else the shipped subset
     * @param epochs     epochs to train
     * @param batchSize  samples per batch
     * @param maxBatches training batches per epoch at most (0: all), for short runs
     * @param seed       the seed of the weights and the shuffling
     * @param workers    data loader threads (0: load on the training thread)
     */
    public record Options(Path data, int epochs, int batchSize, int maxBatches, long seed, int workers) {
        /** The run: one epoch of the full data, batches of 64. */
        public static Options defaults() { return new Options(null, 1, 64, 0, 0, 1); }
    }

    /**
     * What a run measured.
     *
     * @param data         the folder the data came from
     * @param steps        training steps run
     * @param accuracy     test accuracy after the last epoch, in [0, 1]
     * @param avgLoss      average test loss after the last epoch
     * @param medianStepMs median time of a training step (forward, zero_grad, backward, step), in milliseconds
     */
    public record Result(Path data, int steps, double accuracy, double avgLoss, double medianStepMs) {}

    /** The folder to read: the given one, else Debian's when it holds the files, else the shipped subset. */
    static Path locate(Path data) {
        if (data != null) return data;
        if (Files.isRegularFile(FashionMnist.DEBIAN_ROOT.resolve("train-images-idx3-ubyte.gz"))) return FashionMnist.DEBIAN_ROOT;
        return ClasspathFolder.find(LeNetTraining.class, SUBSET).orElseThrow(() -> new IllegalStateException(
                "no Fashion-MNIST: pass --data DIR, or install Debian's dataset-fashion-mnist"));
    }

    /** Zero padding of 2 on every side of a C×H×W image: 1×28×28 → 1×32×32 ({@code F.pad(x, (2, 2, 2, 2))}). */
    static Tensor pad2(Tensor chw) {
        int c = chw.size(0), h = chw.size(1), w = chw.size(2);
        Tensor out = Tensor.zeros(c, h + 4, w + 4);
        out.slice(1, 2, 2 + h).slice(2, 2, 2 + w).copy_(chw);
        return out;
    }

    private static MnistDataset<Tensor, Long> dataset(Path root, boolean train) {
        return FashionMnist.builder().root(root).train(train)
                .transform(Compose.first(new ToTensor()).then(LeNetTraining::pad2)).build();
    }

    /**
     * Trains and tests, printing as PyTorch's quickstart does.
     *
     * @param out     where it prints
     * @param options what to run
     * @return the measured figures
     */
    public static Result run(PrintWriter out, Options options) {
        Path root = locate(options.data());
        MnistDataset<Tensor, Long> train = dataset(root, true);
        MnistDataset<Tensor, Long> test = dataset(root, false);
        out.printf("Data: %s (%d training, %d test images, padded to 32x32)%n", root, train.size(), test.size());

        Kiln.manualSeed(options.seed());
        Net net = new Net();
        out.println(net);
        CrossEntropyLoss criterion = new CrossEntropyLoss();
        SGD optimizer = new SGD(net.parameters(), 0.01).momentum(0.9);

        List<Double> stepMs = new ArrayList<>();
        double accuracy = 0, avgLoss = 0;
        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
            out.printf("Epoch %d%n-------------------------------%n", epoch);
            out.flush();
            long epochStart = System.nanoTime();
            trainEpoch(out, net, criterion, optimizer, train, options, stepMs);
            out.printf("epoch %d time: %.1f s%n", epoch, (System.nanoTime() - epochStart) / 1e9);
            double[] t = test(net, criterion, test, options);
            accuracy = t[0];
            avgLoss = t[1];
            out.printf("Test Error: %n Accuracy: %.1f%%, Avg loss: %f %n%n", 100 * accuracy, avgLoss);
            out.flush();
        }
        double median = median(stepMs);
        out.printf("median training step: %.2f ms over %d steps (batch %d)%n", median, stepMs.size(), options.batchSize());
        out.flush();
        return new Result(root, stepMs.size(), accuracy, avgLoss, median);
    }

    private static void trainEpoch(PrintWriter out, Net net, CrossEntropyLoss criterion, SGD optimizer,
                                   MnistDataset<Tensor, Long> train, Options options, List<Double> stepMs) {
        net.train();
        int size = options.maxBatches() > 0 ? Math.min(train.size(), options.maxBatches() * options.batchSize()) : train.size();
        try (DataLoader<Sample<Tensor, Long>, Batch> loader = DataLoader.builder(train).batchSize(options.batchSize())
                .shuffle(true).workers(options.workers()).build()) {
            int batch = 0;
            for (Batch b : loader) {
                if (options.maxBatches() > 0 && batch >= options.maxBatches()) break;
                long t0 = System.nanoTime();
                Tensor loss = criterion.forward(net.forward(b.input()), b.target());
                optimizer.zeroGrad();
                loss.backward();
                optimizer.step();
                stepMs.add((System.nanoTime() - t0) / 1e6);
                if (batch % 100 == 0) {
                    out.printf("loss: %f  [%5d/%5d]%n", loss.item(), (batch + 1) * b.size(), size);
                    out.flush();
                }
                batch++;
            }
        }
    }

    /** {accuracy, average loss per batch} over the test set, in eval mode without recording. */
    private static double[] test(Net net, CrossEntropyLoss criterion, MnistDataset<Tensor, Long> test, Options options) {
        net.eval();
        double loss = 0;
        long correct = 0;
        int batches = 0;
        try (GradScope noGrad = Kiln.noGrad();
             DataLoader<Sample<Tensor, Long>, Batch> loader = DataLoader.builder(test).batchSize(options.batchSize())
                     .workers(options.workers()).build()) {
            for (Batch b : loader) {
                Tensor pred = net.forward(b.input());
                loss += criterion.forward(pred, b.target()).item();
                correct += pred.argmax(1).eq(b.target()).sum().itemLong();
                batches++;
            }
        }
        return new double[] {(double) correct / test.size(), loss / batches};
    }

    private static double median(List<Double> xs) {
        if (xs.isEmpty()) return Double.NaN;
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
