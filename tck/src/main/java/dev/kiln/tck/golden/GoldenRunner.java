package dev.kiln.tck.golden;

import dev.kiln.Tensor;
import dev.kiln.spi.UnsupportedKernelException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Runs golden cases forward on the current runtime (whatever backend it selected) and compares
 * the output with the case's truth: dtype, shape, then values with {@code torch.allclose}
 * semantics. Gradients are checked by the autograd part of the TCK.
 */
public final class GoldenRunner {
    private GoldenRunner() {}

    /** Runs one case forward. Never throws for a problem in the case or the engine: the result says what happened. */
    public static GoldenResult runForward(GoldenCase c) {
        return runForward(c, GoldenRunner::forward);
    }

    /** The op of {@code c} on its inputs. */
    private static Tensor forward(GoldenCase c) {
        List<Tensor> args = new ArrayList<>(c.inputs().size());
        for (GoldenCase.Input in : c.inputs()) args.add(GoldenOps.argument(in));
        return GoldenOps.apply(c, args);
    }

    /** Runs {@code forward} for {@code c} and judges its output (the seam tests use to inject outcomes). */
    static GoldenResult runForward(GoldenCase c, Function<GoldenCase, Tensor> forward) {
        Tensor out;
        try {
            out = forward.apply(c);
        } catch (RuntimeException | StackOverflowError e) {
            UnsupportedKernelException unsupported = unsupported(e);
            if (unsupported != null) {
                return result(c, GoldenResult.Status.UNSUPPORTED, unsupported.getMessage(), Double.NaN, Double.NaN, null);
            }
            return result(c, GoldenResult.Status.ERROR, describe(e), Double.NaN, Double.NaN, null);
        }
        return compare(c, out);
    }

    /** Runs every case forward, in order. */
    public static List<GoldenResult> runForward(List<GoldenCase> cases) {
        List<GoldenResult> results = new ArrayList<>(cases.size());
        for (GoldenCase c : cases) results.add(runForward(c));
        return results;
    }

    /** Compares an op's output with the case's truth. */
    static GoldenResult compare(GoldenCase c, Tensor out) {
        GoldenCase.TensorData truth = c.output();
        if (out == null) return result(c, GoldenResult.Status.FAIL, "the op returned null", Double.NaN, Double.NaN, null);
        if (out.dtype() != truth.dtype()) {
            return result(c, GoldenResult.Status.FAIL, "output dtype is " + out.dtype().torchName() + ", expected "
                    + truth.dtype().torchName(), Double.NaN, Double.NaN, null);
        }
        if (!Arrays.equals(out.shape(), truth.shape())) {
            return result(c, GoldenResult.Status.FAIL, "output shape is " + Arrays.toString(out.shape()) + ", expected "
                    + Arrays.toString(truth.shape()), Double.NaN, Double.NaN, null);
        }
        double[] actual;
        try {
            actual = out.toDoubleArray();
        } catch (RuntimeException e) {
            return result(c, GoldenResult.Status.ERROR, "reading the output: " + describe(e), Double.NaN, Double.NaN, null);
        }
        GoldenCase.Tolerance tol = c.tolerance();
        Allclose.Report r = Allclose.compare(actual, truth.data(), tol.rtol(), tol.atol());
        String errors = "max abs err " + fmt(r.maxAbs()) + ", max rel err " + fmt(r.maxRel());
        if (r.outside() == 0) return result(c, GoldenResult.Status.PASS, errors, r.maxAbs(), r.maxRel(), null);
        int[] worst = Allclose.unflatten(r.worst(), truth.shape());
        String message = r.outside() + " of " + truth.data().length + " elements outside rtol=" + tol.rtol()
                + " atol=" + tol.atol() + "; " + errors + "; worst at " + Allclose.indexText(worst) + ": got "
                + actual[r.worst()] + ", expected " + truth.data()[r.worst()];
        return result(c, GoldenResult.Status.FAIL, message, r.maxAbs(), r.maxRel(), worst);
    }

    private static GoldenResult result(GoldenCase c, GoldenResult.Status status, String message,
                                       double maxAbs, double maxRel, int[] worst) {
        return new GoldenResult(c.name(), c.op(), status, message, maxAbs, maxRel, worst);
    }

    private static UnsupportedKernelException unsupported(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnsupportedKernelException u) return u;
            if (t.getCause() == t) break;
        }
        return null;
    }

    private static String describe(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        String where = trace.length == 0 ? "" : " at " + trace[0];
        return e.getClass().getSimpleName() + ": " + e.getMessage() + where;
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.3g", v);
    }
}
