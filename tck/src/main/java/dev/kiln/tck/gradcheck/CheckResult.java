package dev.kiln.tck.gradcheck;

/**
 * The outcome of a gradcheck or gradgradcheck of one sample.
 *
 * @param sample      the sample's name
 * @param op          the op's name
 * @param passed      every analytic element is within {@code atol + rtol * |numeric|} of the finite difference
 * @param unsupported the backend declared it lacks a kernel the sample needs (neither passed nor failed)
 * @param message     what was compared, or why it failed (the worst element, the error that was thrown)
 * @param maxAbsErr   the largest {@code |analytic - numeric|} (NaN when nothing was compared)
 * @param maxRelErr   the largest {@code |analytic - numeric| / |numeric|} (infinite where numeric is 0 and
 *                    analytic is not; NaN when nothing was compared)
 */
public record CheckResult(String sample, String op, boolean passed, boolean unsupported, String message,
                          double maxAbsErr, double maxRelErr) {

    /** True when the check ran and failed. */
    public boolean failed() {
        return !passed && !unsupported;
    }

    @Override
    public String toString() {
        String status = passed ? "PASS" : unsupported ? "UNSUPPORTED" : "FAIL";
        return status + " " + sample + " (" + op + "): " + message;
    }
}
