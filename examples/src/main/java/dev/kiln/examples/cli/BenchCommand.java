package dev.kiln.examples.cli;

import dev.kiln.Device;
import dev.kiln.KilnRuntime;
import dev.kiln.examples.KilnCli;
import dev.kiln.examples.bench.BenchContext;
import dev.kiln.examples.bench.BenchSuite;
import dev.kiln.examples.bench.Figures;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code kiln bench [--backend NAME] [--only group,...]}: the figures of {@code ../shared/bench/torch_figures.py},
 * measured in Kiln, one line each: {@code <figure> <backend> <value> <unit>}. A figure's {@code _t1}/{@code _t2}
 * is the CPU backend's thread count, set through the system property {@value #THREADS_PROPERTY} when the
 * runtime is built for that figure (the SIMD backend reads it, over {@code KILN_THREADS}; the reference backend
 * is single-threaded and ignores it).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the benchmark figures of ../shared/bench/torch_figures.py in Kiln:",
                "one line per figure, '<figure> <backend> <value> <unit>', same workloads, formulas, units and timing.",
                "Progress notes (per-epoch times, resident memory) go to stderr."})
public final class BenchCommand implements Callable<Integer> {
    /** The system property that sizes a CPU backend's thread pool when it is created. */
    public static final String THREADS_PROPERTY = "kiln.threads";

    @ParentCommand
    private KilnCli kiln;

    @Spec
    private CommandSpec spec;

    @Option(names = "--only", paramLabel = "GROUP[,GROUP...]", split = ",",
            description = "Groups to run (default: all, in this order): gemm, conv, elementwise, softmax, overhead, quickstart, lenet.")
    private List<String> only;

    @Override
    public Integer call() {
        List<String> groups = only == null || only.isEmpty() ? BenchSuite.groups() : only;
        List<String> unknown = new ArrayList<>(groups);
        unknown.removeAll(BenchSuite.groups());
        if (!unknown.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "bench: unknown group(s) " + unknown
                    + "; valid groups: " + String.join(", ", BenchSuite.groups()));
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchContext ctx = new BenchContext() {
            @Override
            public KilnRuntime open(int threads) {
                String previous = System.getProperty(THREADS_PROPERTY);
                System.setProperty(THREADS_PROPERTY, Integer.toString(threads));
                try {
                    KilnRuntime rt = kiln.openRuntime();
                    rt.backend(Device.CPU); // create the backend now, while the property holds
                    return rt;
                } finally {
                    if (previous == null) System.clearProperty(THREADS_PROPERTY);
                    else System.setProperty(THREADS_PROPERTY, previous);
                }
            }

            @Override
            public Figures figures(KilnRuntime runtime) { return new Figures(out, runtime.backend(Device.CPU).name()); }

            @Override
            public PrintWriter notes() { return err; }
        };
        for (String group : groups) BenchSuite.run(group, ctx);
        return 0;
    }
}
