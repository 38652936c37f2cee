package dev.kiln.tck.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A readable report of a conformance run: per suite, a table of op × backend whose cells give the
 * passed and failed counts (and unsupported, when any) with the max abs and max rel error over that
 * op's cases, then every case that did not pass. File: {@code tck-report.md}.
 */
public final class MarkdownReport {
    private MarkdownReport() {}

    /** The report's file name. */
    public static final String FILE = "tck-report.md";

    /** Writes the report of {@code runs} into {@code dir}; returns the file. */
    public static Path write(Path dir, List<SuiteRun> runs) throws IOException {
        Path file = dir.resolve(FILE);
        Files.writeString(file, render(runs));
        return file;
    }

    /** The report as Markdown. */
    public static String render(List<SuiteRun> runs) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Kiln TCK report\n\n");
        sb.append("**").append(Summary.of(runs).line()).append("**\n\n");
        sb.append("Cells: passed / failed (error counts as failed), unsupported when any; max abs and max rel error "
                + "over the op's compared cases (gradcheck: analytic against numerical gradient).\n");
        Map<String, List<SuiteRun>> bySuite = new LinkedHashMap<>();
        for (SuiteRun run : runs) bySuite.computeIfAbsent(run.suite(), k -> new ArrayList<>()).add(run);
        for (Map.Entry<String, List<SuiteRun>> e : bySuite.entrySet()) table(sb, e.getKey(), e.getValue());

        List<String> notPassed = new ArrayList<>();
        for (SuiteRun run : runs) {
            for (CaseResult r : run.results()) {
                if (r.passed()) continue;
                notPassed.add("| " + cell(run.backend()) + " | " + cell(run.suite()) + " | " + cell(r.name()) + " | "
                        + cell(r.op()) + " | " + r.status() + " | " + cell(r.message()) + " |");
            }
        }
        sb.append("\n## Cases not passed\n\n");
        if (notPassed.isEmpty()) {
            sb.append("None.\n");
        } else {
            sb.append("| backend | suite | case | op | status | reason |\n|---|---|---|---|---|---|\n");
            notPassed.forEach(line -> sb.append(line).append('\n'));
        }
        return sb.toString();
    }

    private static void table(StringBuilder sb, String suite, List<SuiteRun> runs) {
        Set<String> backends = new LinkedHashSet<>();
        Set<String> ops = new TreeSet<>();
        for (SuiteRun run : runs) {
            backends.add(run.backend());
            for (CaseResult r : run.results()) ops.add(r.op());
        }
        sb.append("\n## ").append(suite).append("\n\n| op |");
        for (String b : backends) sb.append(' ').append(cell(b)).append(" |");
        sb.append("\n|---|");
        for (int i = 0; i < backends.size(); i++) sb.append("---|");
        sb.append('\n');
        for (String op : ops) {
            sb.append("| ").append(cell(op)).append(" |");
            for (String b : backends) {
                Cell c = new Cell();
                for (SuiteRun run : runs) {
                    if (!run.backend().equals(b)) continue;
                    for (CaseResult r : run.results()) if (r.op().equals(op)) c.add(r);
                }
                sb.append(' ').append(c).append(" |");
            }
            sb.append('\n');
        }
    }

    /** The counts and max errors of one op on one backend. */
    private static final class Cell {
        int passed;
        int failed;
        int unsupported;
        double maxAbs = Double.NaN;
        double maxRel = Double.NaN;

        void add(CaseResult r) {
            switch (r.status()) {
                case PASS -> passed++;
                case FAIL, ERROR -> failed++;
                case UNSUPPORTED -> unsupported++;
            }
            if (!Double.isNaN(r.maxAbsError())) maxAbs = Double.isNaN(maxAbs) ? r.maxAbsError() : Math.max(maxAbs, r.maxAbsError());
            if (!Double.isNaN(r.maxRelError())) maxRel = Double.isNaN(maxRel) ? r.maxRelError() : Math.max(maxRel, r.maxRelError());
        }

        @Override
        public String toString() {
            if (passed + failed + unsupported == 0) return "–";
            String counts = passed + " / " + failed + (unsupported > 0 ? " (" + unsupported + " unsupported)" : "");
            if (Double.isNaN(maxAbs)) return counts;
            return counts + String.format(Locale.ROOT, " · abs %.2g · rel %.2g", maxAbs, maxRel);
        }
    }

    /** Text safe inside a table cell: one line, pipes escaped. */
    private static String cell(String s) {
        if (s == null) return "";
        String one = s.replace('\n', ' ').replace('\r', ' ').replace("|", "\\|");
        return one.length() > 300 ? one.substring(0, 297) + "..." : one;
    }
}
