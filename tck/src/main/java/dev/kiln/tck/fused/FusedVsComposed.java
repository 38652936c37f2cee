package dev.kiln.tck.fused;

import dev.kiln.Device;
import dev.kiln.KilnRuntime;
import dev.kiln.core.ops.FusedKernels;
import dev.kiln.spi.Backend;
import dev.kiln.tck.cross.CrossTolerance;
import dev.kiln.tck.fused.FusedCase.Named;
import dev.kiln.tck.golden.GoldenCase.Tolerance;
import dev.kiln.tck.report.CaseResult;
import dev.kiln.tck.report.CaseResult.Status;
import dev.kiln.tck.run.Allclose;
import dev.kiln.tck.run.BackendTarget;
import dev.kiln.tck.run.Failures;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A backend's fused kernels against its own composed ops: every case of every fused kernel the backend
 * declares in {@code capabilities().fused()} runs on a runtime with fused kernels on, then on a runtime of the
 * same backend built with {@code fusedKernels(false)}, and the outputs and gradients are compared (float64
 * with {@link CrossTolerance#FLOAT64}, float32 with {@link CrossTolerance#FLOAT32}).
 *
 * <p>A case whose kernel declined every call (the composed form ran on both sides) is
 * {@link Status#UNSUPPORTED}, reported apart from failures; a declared kernel that {@code fused()} does not
 * return, or one core never called, fails. A backend without fused kernels has nothing to compare:
 * {@link #run} returns no cases and {@link #declared} is empty.
 */
public final class FusedVsComposed {
    private FusedVsComposed() {}

    /** The fused-kernel interfaces {@code target} declares (opens and closes a runtime). */
    public static Set<Class<?>> declared(BackendTarget target) {
        try (KilnRuntime rt = open(target, true)) {
            return new LinkedHashSet<>(rt.backend(Device.CPU).capabilities().fused());
        }
    }

    /** Runs every case of the declared kernels fused and composed, and compares. */
    public static List<CaseResult> run(BackendTarget target) {
        List<CaseResult> results = new ArrayList<>();
        List<FusedCase> cases;
        List<Object> fused = new ArrayList<>();
        List<int[]> calls = new ArrayList<>();
        try (KilnRuntime rt = open(target, true)) {
            Backend be = rt.backend(Device.CPU);
            Set<Class<?>> declared = be.capabilities().fused();
            if (declared.isEmpty()) return results;
            for (Class<?> k : declared) {
                if (!FusedKernels.TYPES.contains(k)) {
                    results.add(CaseResult.of("declared " + k.getSimpleName(), "-", Status.UNSUPPORTED,
                            "the TCK has no cases for fused kernel " + k.getName()));
                } else if (be.fused(k).isEmpty()) {
                    results.add(CaseResult.of("declared " + k.getSimpleName(), "-", Status.FAIL, "backend '"
                            + target.name() + "' declares " + k.getSimpleName() + " in capabilities().fused() but fused("
                            + k.getSimpleName() + ") is empty"));
                }
            }
            cases = FusedCases.of(declared);
            for (FusedCase c : cases) {
                try (FusedKernels.Trace trace = FusedKernels.trace()) {
                    fused.add(runCase(c));
                    calls.add(new int[] {trace.used(c.kernel()), trace.declined(c.kernel())});
                }
            }
        }
        List<Object> composed = new ArrayList<>();
        try (KilnRuntime rt = open(target, false)) {
            for (FusedCase c : cases) composed.add(runCase(c));
        }
        for (int i = 0; i < cases.size(); i++) {
            results.add(compare(cases.get(i), fused.get(i), composed.get(i), calls.get(i)));
        }
        return results;
    }

    /** A runtime forced to the target backend with fused kernels on or off, checked to serve the CPU with it. */
    private static KilnRuntime open(BackendTarget target, boolean fusedKernels) {
        KilnRuntime rt = target.builder().get().backend(target.name()).fusedKernels(fusedKernels).build();
        String serving = rt.backend(Device.CPU).name();
        if (!serving.equals(target.name())) {
            rt.close();
            throw new IllegalStateException("backend '" + target.name() + "' does not serve the CPU device ('" + serving
                    + "' does): fused-vs-composed runs on the CPU device");
        }
        return rt;
    }

    /** The case's tensors, or the exception it threw. */
    private static Object runCase(FusedCase c) {
        try {
            return c.run().get();
        } catch (RuntimeException | StackOverflowError e) {
            return e;
        }
    }

    @SuppressWarnings("unchecked")
    private static CaseResult compare(FusedCase c, Object fused, Object composed, int[] calls) {
        String kernel = c.kernel().getSimpleName();
        if (fused instanceof Throwable e) return Failures.classify(c.name(), c.op(), new RuntimeException("fused: " + e, e));
        if (composed instanceof Throwable e) return Failures.classify(c.name(), c.op(), new RuntimeException("composed: " + e, e));
        if (calls[0] == 0) {
            return calls[1] > 0
                    ? CaseResult.of(c.name(), c.op(), Status.UNSUPPORTED, kernel + " declined (" + calls[1]
                            + " call" + (calls[1] == 1 ? "" : "s") + "): core ran the composed form")
                    : CaseResult.of(c.name(), c.op(), Status.FAIL, "core never called the declared " + kernel);
        }
        List<Named> f = (List<Named>) fused;
        List<Named> o = (List<Named>) composed;
        Tolerance tol = CrossTolerance.of(c.dtype());
        double maxAbs = 0;
        double maxRel = 0;
        for (int i = 0; i < o.size(); i++) {
            Named a = f.get(i);
            Named t = o.get(i);
            if (a.values().length != t.values().length) {
                return CaseResult.of(c.name(), c.op(), Status.FAIL, t.label() + ": " + a.values().length
                        + " elements fused, " + t.values().length + " composed");
            }
            Allclose.Report r = Allclose.compare(a.values(), t.values(), tol.rtol(), tol.atol());
            maxAbs = Math.max(maxAbs, r.maxAbs());
            maxRel = Math.max(maxRel, r.maxRel());
            if (r.outside() > 0) {
                return new CaseResult(c.name(), c.op(), Status.FAIL, t.label() + ": " + r.outside() + " of "
                        + t.values().length + " elements outside rtol " + tol.rtol() + ", atol " + tol.atol()
                        + "; worst at " + r.worst() + ": fused " + a.values()[r.worst()] + ", composed "
                        + t.values()[r.worst()], r.maxAbs(), r.maxRel(), t.label(), new int[] {r.worst()});
            }
        }
        String declined = calls[1] == 0 ? "" : " (" + calls[1] + " other call" + (calls[1] == 1 ? "" : "s") + " declined)";
        return new CaseResult(c.name(), c.op(), Status.PASS, kernel + " ran " + calls[0] + "x" + declined
                + "; max abs error " + maxAbs + ", max rel error " + maxRel, maxAbs, maxRel, null, null);
    }
}
