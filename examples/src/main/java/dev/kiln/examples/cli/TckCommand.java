package dev.kiln.examples.cli;

import dev.kiln.Device;
import dev.kiln.Kiln;
import dev.kiln.KilnRuntime;
import dev.kiln.examples.KilnCli;
import dev.kiln.tck.conformance.Conformance;
import dev.kiln.tck.golden.GoldenLoader;
import dev.kiln.tck.report.CaseResult;
import dev.kiln.tck.report.JUnitXmlReport;
import dev.kiln.tck.report.MarkdownReport;
import dev.kiln.tck.report.SuiteRun;
import dev.kiln.tck.report.Summary;
import dev.kiln.tck.run.BackendTarget;
import dev.kiln.tck.samples.OpSamples;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code kiln tck}: a conformance run. Prints one line per case that failed or is unsupported, then
 * exactly one closing line {@code N passed, M failed, K unsupported}; exits 1 when any case failed
 * (an error counts as failed, and so does a golden file that does not load), else 0.
 */
@Command(name = "tck", mixinStandardHelpOptions = true,
        description = {"Run the technology compatibility kit on a backend: the golden cases (forward and gradients, "
                + "against PyTorch), gradcheck and gradgradcheck, and for a backend other than 'ref' the comparison "
                + "with the reference backend, and the backend's fused kernels against its own composed ops "
                + "(strict: the backend is forced, no fallback).",
                "--backend NAME|all picks the backend (default: the one the runtime selects for the CPU; all: every "
                + "available backend)."})
public final class TckCommand implements Callable<Integer> {

    /** The {@code --backend} value that runs every available backend. */
    public static final String ALL = "all";

    /** The longest reason printed on a case's line (the report holds the full message). */
    static final int REASON_MAX = 200;

    @ParentCommand
    private KilnCli kiln;

    @Spec
    private CommandSpec spec;

    @Option(names = "--golden", paramLabel = "DIR",
            description = "Folder of golden cases (schema golden/1) to run instead of the built-in suite.")
    private Path golden;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Write JUnit XML (one file per backend and suite) and a Markdown table (op x backend) "
                    + "into DIR, created if missing.")
    private Path report;

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        if (report != null && Files.exists(report) && !Files.isDirectory(report)) {
            throw new CommandLine.ParameterException(cl, "--report " + report
                    + " is a file, not a folder: give a folder for the report (it is created if missing)");
        }
        if (golden != null && !Files.isDirectory(golden)) {
            throw new CommandLine.ParameterException(cl, "--golden " + golden + " is not a folder of golden cases");
        }
        List<String> backends = backends(cl);
        GoldenLoader.Result loaded = golden == null ? GoldenLoader.loadBuiltIn() : GoldenLoader.load(golden);

        PrintWriter out = cl.getOut();
        List<SuiteRun> runs = new ArrayList<>();
        if (!loaded.errors().isEmpty()) {
            List<CaseResult> bad = loaded.errors().stream()
                    .map(e -> CaseResult.of(e.source(), "-", CaseResult.Status.ERROR, e.message())).toList();
            runs.add(print(out, new SuiteRun("-", "golden-files", bad)));
        }
        for (String name : backends) {
            BackendTarget target = new BackendTarget(name, this::builder);
            for (Conformance.Suite suite : Conformance.suitesFor(name)) {
                SuiteRun run;
                try {
                    run = Conformance.run(target, List.of(suite), loaded.cases(), OpSamples.all()).get(0);
                } catch (RuntimeException e) {
                    // the backend's runtime did not open: one error for the suite, and the run goes on
                    run = new SuiteRun(name, suite.label(), List.of(CaseResult.of(suite.label(), "-",
                            CaseResult.Status.ERROR, "cannot run on backend '" + name + "': " + KilnCli.describe(e))));
                }
                runs.add(print(out, run));
                if (suite == Conformance.Suite.FUSED && run.results().isEmpty()) {
                    cl.getErr().println("kiln tck: backend '" + name + "' declares no fused kernels: "
                            + suite.label() + " has nothing to compare");
                    cl.getErr().flush();
                }
            }
        }
        if (report != null) {
            Files.createDirectories(report);
            for (SuiteRun run : runs) JUnitXmlReport.write(report, run);
            Path table = MarkdownReport.write(report, runs);
            cl.getErr().println("kiln tck: report written to " + table + " and " + runs.size() + " JUnit XML files");
            cl.getErr().flush();
        }
        Summary summary = Summary.of(runs);
        out.println(summary.line());
        out.flush();
        return summary.failed() > 0 ? 1 : 0;
    }

    /** One line per case of {@code run} that did not pass; returns {@code run}. */
    private static SuiteRun print(PrintWriter out, SuiteRun run) {
        for (CaseResult r : run.results()) {
            if (r.passed()) continue;
            out.println(line(run.backend(), run.suite(), r));
        }
        out.flush();
        return run;
    }

    /** {@code STATUS backend suite case (op): reason}, the reason cut to {@link #REASON_MAX} characters. */
    static String line(String backend, String suite, CaseResult r) {
        String reason = r.message() == null ? "" : r.message().replace('\n', ' ');
        if (reason.length() > REASON_MAX) reason = reason.substring(0, REASON_MAX - 3) + "...";
        return r.status() + " " + backend + " " + suite + " " + r.name() + " (" + r.op() + "): " + reason;
    }

    /** A runtime builder with the command line's plugins folder (the backend is forced by the TCK). */
    private KilnRuntime.Builder builder() {
        KilnRuntime.Builder b;
        try {
            b = Kiln.builder();
        } catch (LinkageError e) {
            if (e.getCause() instanceof RuntimeException reason) throw reason;
            throw new IllegalStateException(e.toString(), e);
        }
        if (kiln.pluginsDir() != null) b.pluginsDir(kiln.pluginsDir());
        return b;
    }

    /** The backends to run: {@code --backend NAME}, every available one for {@code all}, else the CPU's selected one. */
    private List<String> backends(CommandLine cl) {
        String wanted = kiln.backend();
        try (KilnRuntime rt = builder().build()) {
            List<KilnRuntime.BackendInfo> infos = rt.backends();
            List<String> available = infos.stream().filter(KilnRuntime.BackendInfo::available)
                    .map(KilnRuntime.BackendInfo::name).toList();
            if (wanted == null) return List.of(rt.backend(Device.CPU).name());
            if (wanted.equals(ALL)) return available;
            KilnRuntime.BackendInfo info = infos.stream().filter(i -> i.name().equals(wanted)).findFirst()
                    .orElseThrow(() -> new CommandLine.ParameterException(cl, "--backend " + wanted
                            + ": no such backend; available: " + String.join(", ", available) + " (or 'all')"));
            if (!info.available()) {
                throw new CommandLine.ParameterException(cl, "--backend " + wanted + ": the backend is not available: "
                        + info.reason() + "; available: " + String.join(", ", available));
            }
            return List.of(wanted);
        }
    }
}
