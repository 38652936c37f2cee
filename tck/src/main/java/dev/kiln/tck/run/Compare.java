package dev.kiln.tck.run;

import dev.kiln.tck.golden.GoldenCase.Tolerance;
import dev.kiln.tck.golden.GoldenCase.TensorData;
import dev.kiln.tck.report.CaseResult;
import dev.kiln.tck.report.CaseResult.Status;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Judges a measured run against the truth: the output (dtype, shape, values), then every input's
 * gradient (present, dtype of its leaf, shape, values), each with {@code torch.allclose} semantics.
 * A failure names the tensor (the first failing one in the order output, then inputs in positional
 * order), the elements outside, the max errors and the worst element; the other failing tensors are listed.
 */
public final class Compare {
    private Compare() {}

    /** The label of the output tensor. */
    public static final String OUTPUT = "output";

    /** The label of an input's gradient. */
    public static String gradOf(String input) { return "grad of input '" + input + "'"; }

    /** {@code actual} against {@code truth} within {@code tol}. */
    public static CaseResult against(String name, String op, Measured actual, Truth truth, Tolerance tol) {
        List<Check> checks = new ArrayList<>();
        checks.add(check(OUTPUT, actual.output(), truth.output(), truth.output().dtype(), tol));
        if (!truth.grads().isEmpty() && !actual.backward()) {
            checks.add(new Check(gradOf(truth.grads().keySet().iterator().next()),
                    "no backward ran, so no gradient was computed", null, null));
        } else {
            Set<String> names = new LinkedHashSet<>(actual.grads().keySet());
            names.addAll(truth.grads().keySet());
            for (String input : names) {
                if (!truth.grads().containsKey(input)) continue; // a gradient the truth does not give is not judged
                TensorData want = truth.grads().get(input);
                TensorData got = actual.grads().get(input);
                String label = gradOf(input);
                if (want == null) {
                    if (got != null) checks.add(new Check(label, "is " + got + " but must be None", null, null));
                } else if (got == null) {
                    checks.add(new Check(label, actual.grads().containsKey(input)
                            ? "is None: backward did not reach this input"
                            : "is None: the input does not require grad", null, null));
                } else {
                    checks.add(check(label, got, want, actual.leafDtypes().get(input), tol));
                }
            }
        }

        double maxAbs = 0;
        double maxRel = 0;
        boolean compared = false;
        Check first = null;
        List<String> others = new ArrayList<>();
        for (Check c : checks) {
            if (c.report != null) {
                compared = true;
                maxAbs = Math.max(maxAbs, c.report.maxAbs());
                maxRel = Math.max(maxRel, c.report.maxRel());
            }
            if (c.problem == null) continue;
            if (first == null) first = c;
            else others.add(c.label);
        }
        String errors = "max abs err " + fmt(maxAbs) + ", max rel err " + fmt(maxRel);
        double abs = compared ? maxAbs : Double.NaN;
        double rel = compared ? maxRel : Double.NaN;
        if (first == null) return new CaseResult(name, op, Status.PASS, errors, abs, rel, null, null);
        String message = first.label + ": " + first.problem
                + (others.isEmpty() ? "" : "; also wrong: " + String.join(", ", others));
        return new CaseResult(name, op, Status.FAIL, message, abs, rel, first.label, first.worst);
    }

    /** One tensor's comparison: a problem (null when it passed), the allclose report when values were compared. */
    private record Check(String label, String problem, Allclose.Report report, int[] worst) {}

    private static Check check(String label, TensorData got, TensorData want, dev.kiln.DType dtype, Tolerance tol) {
        if (dtype != null && got.dtype() != dtype) {
            return new Check(label, "dtype is " + got.dtype().torchName() + ", expected " + dtype.torchName(), null, null);
        }
        if (!Arrays.equals(got.shape(), want.shape())) {
            return new Check(label, "shape is " + Arrays.toString(got.shape()) + ", expected "
                    + Arrays.toString(want.shape()), null, null);
        }
        double[] actual = got.data();
        double[] truth = want.data();
        Allclose.Report r = Allclose.compare(actual, truth, tol.rtol(), tol.atol());
        if (r.outside() == 0) return new Check(label, null, r, null);
        int[] worst = Allclose.unflatten(r.worst(), want.shape());
        String problem = r.outside() + " of " + truth.length + " elements outside rtol=" + tol.rtol()
                + " atol=" + tol.atol() + "; max abs err " + fmt(r.maxAbs()) + ", max rel err " + fmt(r.maxRel())
                + "; worst at " + Allclose.indexText(worst) + ": got " + actual[r.worst()] + ", expected " + truth[r.worst()];
        return new Check(label, problem, r, worst);
    }

    /** Three significant digits. */
    public static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
