package dev.kiln.examples.regression;

import dev.kiln.Kiln;
import dev.kiln.Tensor;
import dev.kiln.optim.SGD;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The linear-regression tutorial ({@code ../shared/tutorials/002_*.txt}): fit {@code y = W x + b} to
 * x = [1, 2, 3], y = [2, 4, 6] with the mean squared error and SGD (lr 0.01) from W = b = 0, printing
 * what PyTorch prints: the initial W and b, then every 100 epochs the epoch, W and b after the step and
 * the cost before it. W reaches about 2 and b about 0.
 * <pre>{@code
 * Tensor W = Tensor.zeros(1).requiresGrad(true);
 * var optimizer = new SGD(List.of(W, b), 0.01);
 * for (...) {
 *     Tensor cost = xTrain.mul(W).add(b).sub(yTrain).pow(2).mean();
 *     optimizer.zeroGrad();
 *     cost.backward();
 *     optimizer.step();
 * }
 * }</pre>
 */
public final class LinearRegression {

    /**
     * What training ended with.
     *
     * @param w    the weight
     * @param b    the bias
     * @param cost the cost of the last epoch (before its step)
     */
    public record Result(double w, double b, double cost) {}

    private final int epochs;
    private final double lr;

    /**
     * @param epochs the last epoch's number ({@code nb_epochs}; the tutorial's 1999 runs 2000 epochs)
     * @param lr     SGD's learning rate (the tutorial's 0.01)
     */
    public LinearRegression(int epochs, double lr) {
        if (epochs < 0) throw new IllegalArgumentException("linear-regression: epochs must be >= 0, got " + epochs);
        this.epochs = epochs;
        this.lr = lr;
    }

    /** Trains, printing as the tutorial's PyTorch code does; returns the final W, b and cost. */
    public Result run(PrintWriter out) {
        Kiln.manualSeed(1);
        Tensor xTrain = Tensor.of(new float[][] {{1}, {2}, {3}});
        Tensor yTrain = Tensor.of(new float[][] {{2}, {4}, {6}});

        Tensor w = Tensor.zeros(1).requiresGrad(true);
        out.println(w);
        Tensor b = Tensor.zeros(1).requiresGrad(true);
        out.println(b);

        SGD optimizer = new SGD(List.of(w, b), lr);
        double cost = Double.NaN;
        for (int epoch = 0; epoch <= epochs; epoch++) {
            Tensor hypothesis = xTrain.mul(w).add(b);
            Tensor c = hypothesis.sub(yTrain).pow(2).mean();
            optimizer.zeroGrad();
            c.backward();
            optimizer.step();
            cost = c.item();
            if (epoch % 100 == 0) {
                out.println(String.format(Locale.ROOT, "Epoch %4d/%d W: %.3f, b: %.3f Cost: %.6f",
                        epoch, epochs, w.item(), b.item(), cost));
            }
        }
        out.flush();
        return new Result(w.item(), b.item(), cost);
    }
}
