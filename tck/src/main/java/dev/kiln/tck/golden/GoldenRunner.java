package dev.kiln.tck.golden;

import dev.kiln.Tensor;
import dev.kiln.tck.report.CaseResult;
import dev.kiln.tck.run.Compare;
import dev.kiln.tck.run.Failures;
import dev.kiln.tck.run.Measure;
import dev.kiln.tck.run.Measured;
import dev.kiln.tck.run.Trial;
import dev.kiln.tck.run.Truth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs golden cases on the current runtime (whatever backend it serves the CPU with): builds the
 * stored leaves, applies the views and the op, calls {@code output.backward(grad_output)} when the
 * case has one, and compares the output and every input's {@code .grad} listed in {@code grads} with the
 * truth within the case's tolerance ({@code torch.allclose} semantics; for a viewed input, the gradient is
 * the stored leaf's). Never throws for a problem in the case or the engine: the result says what happened.
 */
public final class GoldenRunner {
    private GoldenRunner() {}

    /** Runs one case forward and backward and judges the output and the gradients. */
    public static CaseResult run(GoldenCase c) {
        return run(c, new GoldenTrial(c));
    }

    /** Runs every case, in order. */
    public static List<CaseResult> run(List<GoldenCase> cases) {
        List<CaseResult> results = new ArrayList<>(cases.size());
        for (GoldenCase c : cases) results.add(run(c));
        return results;
    }

    /** Runs one case forward only and judges its output (gradients are not computed). */
    public static CaseResult runForward(GoldenCase c) {
        return runForward(c, GoldenRunner::forward);
    }

    /** The op of {@code c} on its (viewed) inputs, without gradients. */
    private static Tensor forward(GoldenCase c) {
        List<Tensor> args = new ArrayList<>(c.inputs().size());
        for (GoldenCase.Input in : c.inputs()) args.add(GoldenOps.argument(in));
        return GoldenOps.apply(c, args);
    }

    /** Runs every case forward only, in order. */
    public static List<CaseResult> runForward(List<GoldenCase> cases) {
        List<CaseResult> results = new ArrayList<>(cases.size());
        for (GoldenCase c : cases) results.add(runForward(c));
        return results;
    }

    /** Judges the output {@code forward} makes for {@code c} (the seam tests use to inject outputs). */
    static CaseResult runForward(GoldenCase c, Function<GoldenCase, Tensor> forward) {
        return run(c, new ForwardOnly(c, forward));
    }

    /** Runs {@code trial} for {@code c} and judges it against the case's truth. */
    static CaseResult run(GoldenCase c, Trial trial) {
        Measured m;
        try {
            m = Measure.run(trial);
        } catch (RuntimeException | StackOverflowError e) {
            return Failures.classify(c.name(), c.op(), e);
        }
        Truth truth = new Truth(c.output(), trial instanceof ForwardOnly ? Map.of() : c.grads());
        return Compare.against(c.name(), c.op(), m, truth, c.tolerance());
    }

    /** A trial whose forward is given and that runs no backward. */
    private record ForwardOnly(GoldenCase c, Function<GoldenCase, Tensor> forward) implements Trial {
        @Override public String name() { return c.name(); }
        @Override public String op() { return c.op(); }
        @Override public List<String> inputNames() { return List.of(); }
        @Override public List<Tensor> leaves() { return List.of(); }
        @Override public Tensor apply(List<Tensor> leaves) { return forward.apply(c); }
        @Override public Tensor gradOutput(Tensor output) { return null; }
    }
}
