package dev.kiln.tck.golden;

/**
 * The outcome of running one golden case.
 *
 * @param caseName    the case
 * @param op          its op
 * @param status      pass, fail, unsupported or error
 * @param message     one line: why it failed, what is unsupported, or the error; for a pass, the max errors
 * @param maxAbsError largest {@code |actual - truth|} over the output (NaN when values were not compared)
 * @param maxRelError largest {@code |actual - truth| / |truth|} (NaN when values were not compared)
 * @param worstIndex  the index of the element furthest outside the tolerance, or null
 */
public record GoldenResult(String caseName, String op, Status status, String message,
                           double maxAbsError, double maxRelError, int[] worstIndex) {

    /** How a case ended. */
    public enum Status {
        /** Output dtype, shape and values within tolerance. */
        PASS,
        /** The op ran but its output differs from the truth (dtype, shape or values). */
        FAIL,
        /** The backend lacks a kernel or dtype the op needs ({@link dev.kiln.spi.UnsupportedKernelException}). */
        UNSUPPORTED,
        /** The op threw something else: a bug in Kiln, or a case this runner cannot map. */
        ERROR
    }

    /** True for {@link Status#PASS}. */
    public boolean passed() { return status == Status.PASS; }

    @Override
    public String toString() { return caseName + " (" + op + "): " + status + " " + message; }
}
