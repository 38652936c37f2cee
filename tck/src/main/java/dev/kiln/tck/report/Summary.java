package dev.kiln.tck.report;

import java.util.List;

/**
 * Counts over suite runs: passed, failed (fail and error) and unsupported.
 *
 * @param passed      cases that passed
 * @param failed      cases that failed or raised an error
 * @param unsupported cases the backend declared it cannot run
 */
public record Summary(int passed, int failed, int unsupported) {

    /** The counts over every result of {@code runs}. */
    public static Summary of(List<SuiteRun> runs) {
        int p = 0;
        int f = 0;
        int u = 0;
        for (SuiteRun run : runs) {
            for (CaseResult r : run.results()) {
                switch (r.status()) {
                    case PASS -> p++;
                    case FAIL, ERROR -> f++;
                    case UNSUPPORTED -> u++;
                }
            }
        }
        return new Summary(p, f, u);
    }

    /** The closing line of a conformance run: {@code "N passed, M failed, K unsupported"}. */
    public String line() {
        return passed + " passed, " + failed + " failed, " + unsupported + " unsupported";
    }

    @Override
    public String toString() { return line(); }
}
