package dev.kiln.tck.report;

import java.util.List;

/**
 * The results of one suite on one backend.
 *
 * @param backend the backend's provider name ({@code "-"} for results about the input files themselves)
 * @param suite   the suite ({@code golden}, {@code gradcheck}, {@code gradgradcheck}, {@code cross-backend} ...)
 * @param results one per case, in run order
 */
public record SuiteRun(String backend, String suite, List<CaseResult> results) {
    public SuiteRun {
        results = List.copyOf(results);
    }
}
