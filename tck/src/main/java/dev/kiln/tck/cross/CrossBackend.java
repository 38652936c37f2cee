package dev.kiln.tck.cross;

import dev.kiln.KilnRuntime;
import dev.kiln.tck.golden.GoldenCase;
import dev.kiln.tck.golden.GoldenTrial;
import dev.kiln.tck.report.CaseResult;
import dev.kiln.tck.run.BackendTarget;
import dev.kiln.tck.run.Compare;
import dev.kiln.tck.run.Failures;
import dev.kiln.tck.run.Measure;
import dev.kiln.tck.run.Measured;
import dev.kiln.tck.run.Trial;
import dev.kiln.tck.run.Truth;

import java.util.ArrayList;
import java.util.List;

/**
 * A backend against the reference backend, forward and gradients, on the same trials: every trial
 * runs on a runtime forced to the reference backend, then on one forced to the backend under test
 * (one runtime at a time, each closed before the next opens), and the two outputs and gradients
 * are compared within {@link CrossTolerance}. A trial the reference cannot run is an error; one the
 * backend under test declares it cannot run is unsupported.
 */
public final class CrossBackend {
    private CrossBackend() {}

    /**
     * A trial and how close the backend under test must come to the reference on it.
     *
     * @param trial     what to run
     * @param tolerance the tolerance
     */
    public record Item(Trial trial, GoldenCase.Tolerance tolerance) {}

    /** The golden cases as cross-backend items (their inputs, grad_output and views; truth from the reference). */
    public static List<Item> golden(List<GoldenCase> cases) {
        return cases.stream().map(c -> new Item(new GoldenTrial(c), CrossTolerance.of(c))).toList();
    }

    /** The samples of the gradcheck table as cross-backend items, each in float64 and in float32. */
    public static List<Item> samples(List<dev.kiln.tck.samples.OpSample> samples) {
        List<Item> items = new ArrayList<>(2 * samples.size());
        for (var s : samples) {
            items.add(new Item(new SampleTrial(s, dev.kiln.DType.FLOAT64), CrossTolerance.FLOAT64));
            items.add(new Item(new SampleTrial(s, dev.kiln.DType.FLOAT32), CrossTolerance.FLOAT32));
        }
        return items;
    }

    /** Runs {@code items} on {@code reference}, then on {@code underTest}, and compares. */
    public static List<CaseResult> compare(BackendTarget reference, BackendTarget underTest, List<Item> items) {
        List<Object> truth = measureAll(reference, items);
        List<Object> actual = measureAll(underTest, items);
        List<CaseResult> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Trial t = items.get(i).trial();
            Object ref = truth.get(i);
            Object got = actual.get(i);
            if (ref instanceof Throwable e) {
                CaseResult r = Failures.classify(t.name(), t.op(), e);
                results.add(CaseResult.of(t.name(), t.op(), CaseResult.Status.ERROR,
                        "the reference backend '" + reference.name() + "' cannot run it: " + r.message()));
            } else if (got instanceof Throwable e) {
                results.add(Failures.classify(t.name(), t.op(), e));
            } else {
                results.add(Compare.against(t.name(), t.op(), (Measured) got, Truth.of((Measured) ref),
                        items.get(i).tolerance()));
            }
        }
        return results;
    }

    /** Each item's {@link Measured}, or what it threw, on one runtime of {@code target}. */
    private static List<Object> measureAll(BackendTarget target, List<Item> items) {
        List<Object> out = new ArrayList<>(items.size());
        try (KilnRuntime rt = target.open()) {
            for (Item item : items) {
                try {
                    out.add(Measure.run(item.trial()));
                } catch (RuntimeException | StackOverflowError e) {
                    out.add(e);
                }
            }
        }
        return out;
    }
}
