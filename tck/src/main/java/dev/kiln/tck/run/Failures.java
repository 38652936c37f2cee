package dev.kiln.tck.run;

import dev.kiln.spi.UnsupportedKernelException;
import dev.kiln.tck.report.CaseResult;
import dev.kiln.tck.report.CaseResult.Status;

/**
 * Turns what a trial threw into a result: {@link Status#UNSUPPORTED} when an
 * {@link UnsupportedKernelException} is anywhere in the cause chain (the backend declares it lacks a
 * kernel or dtype), else {@link Status#ERROR} with the exception and where it was thrown.
 */
public final class Failures {
    private Failures() {}

    /** The result for {@code e}, thrown while running case {@code name} of {@code op}. */
    public static CaseResult classify(String name, String op, Throwable e) {
        String phase = e instanceof Measure.PhaseException p ? p.phase() + ": " : "";
        Throwable cause = e instanceof Measure.PhaseException && e.getCause() != null ? e.getCause() : e;
        UnsupportedKernelException unsupported = unsupported(cause);
        if (unsupported != null) return CaseResult.of(name, op, Status.UNSUPPORTED, phase + unsupported.getMessage());
        return CaseResult.of(name, op, Status.ERROR, phase + describe(cause));
    }

    /** The first {@link UnsupportedKernelException} in the cause chain, or null. */
    public static UnsupportedKernelException unsupported(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnsupportedKernelException u) return u;
        }
        return null;
    }

    /** {@code Type: message at frame}, with the root cause when it differs. */
    public static String describe(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        String where = trace.length == 0 ? "" : " at " + trace[0];
        String text = e.getClass().getSimpleName() + ": " + e.getMessage() + where;
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        if (root != e) text += " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        return text;
    }
}
