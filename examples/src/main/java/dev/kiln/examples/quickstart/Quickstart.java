package dev.kiln.examples.quickstart;

import dev.kiln.Kiln;
import dev.kiln.Tensor;
import dev.kiln.data.Batch;
import dev.kiln.data.DataLoader;
import dev.kiln.data.Dataset;
import dev.kiln.data.Sample;
import dev.kiln.data.datasets.FashionMnist;
import dev.kiln.data.datasets.MnistDataset;
import dev.kiln.data.transforms.ToTensor;
import dev.kiln.examples.train.DataLocator;
import dev.kiln.examples.train.Datasets;
import dev.kiln.examples.train.EpochResult;
import dev.kiln.examples.train.ProgressBars;
import dev.kiln.examples.train.TrainingLoop;
import dev.kiln.examples.train.TrainingPlot;
import dev.kiln.layers.CrossEntropyLoss;
import dev.kiln.nn.Loss;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.SGD;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * PyTorch's quickstart (learn the basics, "Quickstart") in Kiln: Fashion-MNIST, the {@link NeuralNetwork}
 * MLP, cross-entropy, SGD lr 1e-3, batches of 64, shuffled; train and test each epoch; save the model as
 * safetensors, load it back into a new model and classify the first test images; plot loss and accuracy.
 *
 * @param epochs       epochs (PyTorch's: 5)
 * @param data         the dataset folder, or null to look in the default places ({@link DataLocator})
 * @param outDir       where {@code model.safetensors} and {@code quickstart.png} go
 * @param seed         the runtime's seed: initial weights and shuffle order
 * @param trainSamples use only the first N training images (0: all)
 * @param testSamples  use only the first N test images (0: all)
 * @param workers      data loader threads
 * @param show         how many test images to classify with the reloaded model
 * @param progress     where the progress bar draws, or null for none
 */
public record Quickstart(int epochs, Path data, Path outDir, long seed, int trainSamples, int testSamples, int workers,
                         int show, PrintStream progress) {

    /** PyTorch's quickstart hyperparameters. */
    public static final int BATCH_SIZE = 64;
    /** The learning rate. */
    public static final double LR = 1e-3;

    /** Runs it, printing to {@code out}; returns the per-epoch results. */
    public List<EpochResult> run(PrintWriter out, String backendName) throws IOException {
        DataLocator.Source source = DataLocator.locate(data);
        MnistDataset<Tensor, Long> trainFull = FashionMnist.builder().root(source.root()).train(true).transform(new ToTensor()).build();
        MnistDataset<Tensor, Long> testFull = FashionMnist.builder().root(source.root()).train(false).transform(new ToTensor()).build();
        Dataset<Sample<Tensor, Long>> training = Datasets.first(trainFull, trainSamples);
        Dataset<Sample<Tensor, Long>> test = Datasets.first(testFull, testSamples);
        out.printf("Using %s: %d training and %d test images%n", source.description(), training.size(), test.size());

        Kiln.manualSeed(seed);
        try (DataLoader<Sample<Tensor, Long>, Batch> trainLoader = DataLoader.builder(training).batchSize(BATCH_SIZE)
                     .shuffle(true).seed(seed).workers(workers).build();
             DataLoader<Sample<Tensor, Long>, Batch> testLoader = DataLoader.builder(test).batchSize(BATCH_SIZE)
                     .workers(workers).build()) {
            try (var it = testLoader.iterator()) {
                Batch first = it.next();
                out.println("Shape of X [N, C, H, W]: " + size(first.input()));
                out.println("Shape of y: " + size(first.target()) + " " + first.target().dtype());
            }
            out.println("Using cpu device (backend: " + backendName + ")");
            NeuralNetwork model = new NeuralNetwork();
            out.println(model);

            Loss lossFn = new CrossEntropyLoss();
            Optimizer optimizer = new SGD(model.parameters(), LR);
            List<EpochResult> history = new ArrayList<>();
            for (int t = 1; t <= epochs; t++) {
                out.printf("Epoch %d%n-------------------------------%n", t);
                out.flush();
                long start = System.nanoTime();
                double trainLoss;
                try (ProgressBars.Progress bar = progress == null ? ProgressBars.none()
                        : ProgressBars.bar("Epoch " + t, trainLoader.size(), progress)) {
                    trainLoss = TrainingLoop.train(model, lossFn, optimizer, trainLoader, training.size(), out, bar);
                }
                TrainingLoop.TestResult r = TrainingLoop.test(model, lossFn, testLoader);
                double seconds = (System.nanoTime() - start) / 1e9;
                TrainingLoop.printTest(out, r);
                TrainingLoop.printTime(out, t, seconds);
                history.add(new EpochResult(t, trainLoss, r.avgLoss(), r.accuracy(), seconds));
            }
            out.println("Done!");

            Files.createDirectories(outDir);
            Path weights = outDir.resolve("model.safetensors");
            Kiln.save(model.stateDict(), weights);
            out.println("Saved Kiln Model State to " + weights);

            NeuralNetwork reloaded = new NeuralNetwork();
            reloaded.loadStateDict(Kiln.load(weights));
            reloaded.eval();
            List<String> classes = FashionMnist.CLASSES;
            try (var off = Kiln.noGrad()) {
                for (int i = 0; i < Math.min(show, test.size()); i++) {
                    Sample<Tensor, Long> s = test.get(i);
                    Tensor pred = reloaded.forward(s.input().unsqueeze(0));
                    out.printf("Predicted: \"%s\", Actual: \"%s\"%n",
                            classes.get((int) pred.select(0, 0).argmax().itemLong()), classes.get(s.target().intValue()));
                }
            }
            Path plot = outDir.resolve("quickstart.png");
            TrainingPlot.write(history, "Kiln quickstart: Fashion-MNIST", plot);
            out.println("Saved the loss and accuracy plot to " + plot);
            out.flush();
            return history;
        }
    }

    /** PyTorch's {@code torch.Size([64, 1, 28, 28])}. */
    private static String size(Tensor t) {
        return "torch.Size([" + Arrays.stream(t.shape()).mapToObj(Integer::toString).collect(Collectors.joining(", ")) + "])";
    }
}
