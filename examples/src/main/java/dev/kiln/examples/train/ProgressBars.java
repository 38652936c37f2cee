package dev.kiln.examples.train;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;

/**
 * The training progress bar (tqdm's role in PyTorch scripts): batches done of the epoch, the running loss,
 * speed and time left. It draws on a stream of its own (stderr) so the PyTorch-shaped lines on stdout stay
 * clean for pipes and tests.
 */
public final class ProgressBars {
    private ProgressBars() {}

    /** A progress of nothing: for when no bar is wanted. */
    public interface Progress extends AutoCloseable {
        /** One more batch done, with the running mean loss. */
        void step(double runningLoss);

        @Override
        void close();
    }

    /**
     * Whether a person is watching: the JVM's console is a terminal (since JDK 22 {@code System.console()} is
     * not null for redirected output, so it alone does not tell).
     */
    public static boolean interactive() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    /** No bar. */
    public static Progress none() {
        return new Progress() {
            @Override public void step(double runningLoss) {}
            @Override public void close() {}
        };
    }

    /**
     * A bar of {@code batches} steps on {@code out}.
     *
     * @param task the label, e.g. {@code "Epoch 1"}
     */
    public static Progress bar(String task, long batches, PrintStream out) {
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(batches)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" batches", 1).setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(out)).build();
        return new Progress() {
            @Override
            public void step(double runningLoss) {
                bar.setExtraMessage(String.format(java.util.Locale.ROOT, "loss %.4f", runningLoss));
                bar.step();
            }

            @Override public void close() { bar.close(); }
        };
    }
}
