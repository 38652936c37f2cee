package dev.kiln.tck.report;

/**
 * The outcome of one TCK case (a golden case, a cross-backend comparison, a gradcheck sample).
 *
 * @param name        the case or sample
 * @param op          its op (PyTorch's name)
 * @param status      pass, fail, unsupported or error
 * @param message     one line: why it failed, what is unsupported, or the error; for a pass, the max errors
 * @param maxAbsError largest {@code |actual - truth|} over every tensor compared (NaN when nothing was compared)
 * @param maxRelError largest {@code |actual - truth| / |truth|} over every tensor compared (NaN when nothing was)
 * @param tensor      the tensor a failure is about: {@code "output"}, {@code "grad of input 'x'"}; null when none
 * @param worstIndex  the index in {@code tensor} of the element furthest outside the tolerance, or null
 */
public record CaseResult(String name, String op, Status status, String message,
                         double maxAbsError, double maxRelError, String tensor, int[] worstIndex) {

    /** How a case ended. */
    public enum Status {
        /** Every tensor compared is within tolerance (or the check held). */
        PASS,
        /** The op ran but a result differs from the truth (dtype, shape or values), or a check failed. */
        FAIL,
        /** The backend lacks a kernel or dtype the op needs ({@link dev.kiln.spi.UnsupportedKernelException}). */
        UNSUPPORTED,
        /** Something else was thrown: a bug in Kiln, or a case the TCK cannot map. Counts as failed. */
        ERROR
    }

    /** True for {@link Status#PASS}. */
    public boolean passed() { return status == Status.PASS; }

    /** True for {@link Status#FAIL} and {@link Status#ERROR}. */
    public boolean failed() { return status == Status.FAIL || status == Status.ERROR; }

    /** A result without values compared (unsupported, error, or a failure before comparing). */
    public static CaseResult of(String name, String op, Status status, String message) {
        return new CaseResult(name, op, status, message, Double.NaN, Double.NaN, null, null);
    }

    @Override
    public String toString() { return name + " (" + op + "): " + status + " " + message; }
}
