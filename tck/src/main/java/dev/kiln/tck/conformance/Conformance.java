package dev.kiln.tck.conformance;

import dev.kiln.KilnRuntime;
import dev.kiln.tck.cross.CrossBackend;
import dev.kiln.tck.fused.FusedVsComposed;
import dev.kiln.tck.golden.GoldenCase;
import dev.kiln.tck.golden.GoldenRunner;
import dev.kiln.tck.gradcheck.CheckResult;
import dev.kiln.tck.gradcheck.GradCheck;
import dev.kiln.tck.report.CaseResult;
import dev.kiln.tck.report.CaseResult.Status;
import dev.kiln.tck.report.SuiteRun;
import dev.kiln.tck.run.BackendTarget;
import dev.kiln.tck.run.Failures;
import dev.kiln.tck.samples.OpSample;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The TCK's suites on one backend, each on its own runtime forced to that backend (opened, run,
 * closed: one runtime at a time): the golden cases with gradients, gradcheck and gradgradcheck over
 * the OpInfo-style samples, the comparison with the reference backend, and the backend's fused kernels
 * against its composed ops.
 */
public final class Conformance {
    private Conformance() {}

    /** The provider name of the reference backend, the oracle of the cross-backend comparison. */
    public static final String REFERENCE = "ref";

    /** A suite of the TCK. */
    public enum Suite {
        /** The golden cases, forward and gradients, against PyTorch's float64 truth. */
        GOLDEN("golden"),
        /** Analytic gradients against central finite differences, float64, every sample. */
        GRADCHECK("gradcheck"),
        /** Gradients of gradients (double backward) against finite differences, every twice-differentiable sample. */
        GRADGRADCHECK("gradgradcheck"),
        /** Forward and gradients against the reference backend, on the golden cases' and the samples' inputs. */
        CROSS("cross-backend"),
        /**
         * The backend's fused kernels against its own composed ops (fused kernels switched off), forward and
         * gradients; no cases for a backend without fused kernels.
         */
        FUSED("fused-vs-composed");

        private final String label;

        Suite(String label) { this.label = label; }

        /** The suite's name in reports. */
        public String label() { return label; }
    }

    /**
     * The suites a conformance run gives a backend: the reference backend is checked against PyTorch
     * (golden) and against calculus (gradcheck, gradgradcheck); any other backend against PyTorch
     * (golden), against calculus and against the reference backend (cross-backend). Every backend's fused
     * kernels are checked against its composed ops (fused-vs-composed: nothing to run without fused kernels).
     */
    public static List<Suite> suitesFor(String backend) {
        return backend.equals(REFERENCE)
                ? List.of(Suite.GOLDEN, Suite.GRADCHECK, Suite.GRADGRADCHECK, Suite.FUSED)
                : List.of(Suite.GOLDEN, Suite.GRADCHECK, Suite.GRADGRADCHECK, Suite.CROSS, Suite.FUSED);
    }

    /** Runs {@code suites} on {@code target}, in order. */
    public static List<SuiteRun> run(BackendTarget target, List<Suite> suites, List<GoldenCase> cases, List<OpSample> samples) {
        List<SuiteRun> runs = new ArrayList<>(suites.size());
        for (Suite s : suites) {
            List<CaseResult> results = switch (s) {
                case GOLDEN -> golden(target, cases);
                case GRADCHECK -> gradcheck(target, samples);
                case GRADGRADCHECK -> gradgradcheck(target, samples);
                case CROSS -> cross(target.withName(REFERENCE), target, cases, samples);
                case FUSED -> fused(target);
            };
            runs.add(new SuiteRun(target.name(), s.label(), results));
        }
        return runs;
    }

    /** The golden cases, forward and gradients, on {@code target}. */
    public static List<CaseResult> golden(BackendTarget target, List<GoldenCase> cases) {
        try (KilnRuntime rt = target.open()) {
            return GoldenRunner.run(cases);
        }
    }

    /** {@link GradCheck#gradcheck} of every sample on {@code target}. */
    public static List<CaseResult> gradcheck(BackendTarget target, List<OpSample> samples) {
        return check(target, samples, GradCheck::gradcheck);
    }

    /** {@link GradCheck#gradgradcheck} of every twice-differentiable sample on {@code target}. */
    public static List<CaseResult> gradgradcheck(BackendTarget target, List<OpSample> samples) {
        return check(target, samples.stream().filter(OpSample::twiceDifferentiable).toList(), GradCheck::gradgradcheck);
    }

    /** {@code target} against {@code reference} on the golden cases' inputs and on the samples (float64 and float32). */
    public static List<CaseResult> cross(BackendTarget reference, BackendTarget target, List<GoldenCase> cases,
                                         List<OpSample> samples) {
        List<CrossBackend.Item> items = new ArrayList<>(CrossBackend.golden(cases));
        items.addAll(CrossBackend.samples(samples));
        return CrossBackend.compare(reference, target, items);
    }

    /** {@code target}'s fused kernels against its composed ops ({@link FusedVsComposed}); empty without fused kernels. */
    public static List<CaseResult> fused(BackendTarget target) {
        return FusedVsComposed.run(target);
    }

    private static List<CaseResult> check(BackendTarget target, List<OpSample> samples, Function<OpSample, CheckResult> check) {
        List<CaseResult> results = new ArrayList<>(samples.size());
        try (KilnRuntime rt = target.open()) {
            for (OpSample s : samples) {
                try {
                    results.add(result(check.apply(s)));
                } catch (RuntimeException | StackOverflowError e) {
                    results.add(Failures.classify(s.name(), s.op(), e));
                }
            }
        }
        return results;
    }

    /** A gradcheck result as a TCK case result. */
    static CaseResult result(CheckResult r) {
        Status status = r.passed() ? Status.PASS : r.unsupported() ? Status.UNSUPPORTED : Status.FAIL;
        return new CaseResult(r.sample(), r.op(), status, r.message(), r.maxAbsErr(), r.maxRelErr(), null, null);
    }
}
