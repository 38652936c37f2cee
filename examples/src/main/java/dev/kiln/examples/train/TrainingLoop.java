package dev.kiln.examples.train;

import dev.kiln.DType;
import dev.kiln.Kiln;
import dev.kiln.Tensor;
import dev.kiln.data.Batch;
import dev.kiln.data.DataLoader;
import dev.kiln.nn.Layer;
import dev.kiln.nn.Loss;
import dev.kiln.optim.Optimizer;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The PyTorch quickstart's {@code train} and {@code test} loops, shared by {@code kiln quickstart} and
 * {@code kiln train}, printing PyTorch's lines: {@code loss: 2.303494  [   64/60000]} every 100 batches and
 * {@code Test Error: \n Accuracy: 64.9%, Avg loss: 1.072399 \n}.
 */
public final class TrainingLoop {
    private TrainingLoop() {}

    /** PyTorch's quickstart prints the loss every this many batches. */
    public static final int LOG_EVERY = 100;

    /**
     * The test loop's figures.
     *
     * @param avgLoss  mean of the per-batch losses ({@code test_loss /= num_batches})
     * @param accuracy fraction right ({@code correct /= size}); NaN when outputs are not class scores
     */
    public record TestResult(double avgLoss, double accuracy) {}

    /**
     * One epoch of training: forward, loss, backward, step, zero_grad per batch.
     *
     * @param size the dataset's size, for the log lines
     * @return the mean of the batch losses
     */
    public static double train(Layer model, Loss lossFn, Optimizer optimizer, DataLoader<?, Batch> loader, int size,
                               PrintWriter out, ProgressBars.Progress progress) {
        model.train();
        double sum = 0;
        int batches = 0;
        long seen = 0;
        try (var it = loader.iterator()) {
            while (it.hasNext()) {
                Batch b = it.next();
                Tensor pred = model.forward(b.input());
                Tensor loss = lossFn.forward(pred, b.target());
                loss.backward();
                optimizer.step();
                optimizer.zeroGrad();
                double value = loss.item();
                seen += b.size();
                if (batches % LOG_EVERY == 0) {
                    out.printf(Locale.ROOT, "loss: %7f  [%5d/%5d]%n", value, seen, size);
                    out.flush();
                }
                sum += value;
                batches++;
                progress.step(sum / batches);
            }
        }
        if (batches == 0) throw new IllegalStateException("train: the data loader gave no batch (dataset of " + size + " samples)");
        return sum / batches;
    }

    /** The test loop under no_grad, in eval mode. */
    public static TestResult test(Layer model, Loss lossFn, DataLoader<?, Batch> loader) {
        model.eval();
        double loss = 0;
        long correct = 0;
        long seen = 0;
        int batches = 0;
        boolean classes = true;
        try (var off = Kiln.noGrad(); var it = loader.iterator()) {
            while (it.hasNext()) {
                Batch b = it.next();
                Tensor pred = model.forward(b.input());
                loss += lossFn.forward(pred, b.target()).item();
                classes &= pred.dim() == 2 && b.target().dim() == 1 && b.target().dtype() == DType.INT64;
                if (classes) correct += pred.argmax(1).eq(b.target()).sum().itemLong();
                seen += b.size();
                batches++;
            }
        }
        if (batches == 0) throw new IllegalStateException("test: the data loader gave no batch");
        return new TestResult(loss / batches, classes ? (double) correct / seen : Double.NaN);
    }

    /** PyTorch's {@code Test Error} lines. */
    public static void printTest(PrintWriter out, TestResult r) {
        String acc = Double.isNaN(r.accuracy()) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * r.accuracy());
        out.print(String.format(Locale.ROOT, "Test Error: \n Accuracy: %s, Avg loss: %8f \n\n", acc, r.avgLoss()));
        out.flush();
    }

    /** The per-epoch time line: {@code epoch 3 time: 12.4 s}. */
    public static void printTime(PrintWriter out, int epoch, double seconds) {
        out.printf(Locale.ROOT, "epoch %d time: %.1f s%n", epoch, seconds);
        out.flush();
    }
}
