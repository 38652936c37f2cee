package dev.kiln.examples;

import dev.kiln.Kiln;
import dev.kiln.KilnRuntime;
import dev.kiln.examples.cli.AutogradTourCommand;
import dev.kiln.examples.cli.BenchCommand;
import dev.kiln.examples.cli.CustomDatasetCommand;
import dev.kiln.examples.cli.LenetCommand;
import dev.kiln.examples.cli.LinearRegressionCommand;
import dev.kiln.examples.cli.PluginsCommand;
import dev.kiln.examples.cli.QuickstartCommand;
import dev.kiln.examples.cli.TckCommand;
import dev.kiln.examples.cli.TourCommand;
import dev.kiln.examples.cli.TrainCommand;
import dev.kiln.examples.cli.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The {@code kiln} command line: the top command holds the options every subcommand shares
 * ({@code --plugins}, {@code --backend}, usable before or after the subcommand's name); each
 * subcommand is one class listed in the {@code subcommands} of the {@link Command} annotation below,
 * so adding one is writing a class and listing it. Exit codes: 0 ok, 1 failure, 2 usage error.
 */
@Command(name = "kiln",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Deep learning for the JVM with a PyTorch-shaped API and pluggable backends.",
        subcommands = {QuickstartCommand.class, TrainCommand.class, LenetCommand.class, LinearRegressionCommand.class,
                AutogradTourCommand.class, CustomDatasetCommand.class, TourCommand.class, PluginsCommand.class,
                TckCommand.class, BenchCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:failure", "2:usage error"})
public final class KilnCli implements Runnable {

    @Spec
    private CommandSpec spec;

    @Option(names = "--plugins", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Folder of plugin jars (default: $KILN_PLUGINS, else the folder 'plugins').")
    private Path pluginsDir;

    @Option(names = "--backend", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "Backend for its device type, by provider name (default: $KILN_BACKEND, else the available one with the highest priority).")
    private String backend;

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line writing to {@code out} and {@code err}; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return commandLine(out, err).execute(args);
    }

    /** The configured picocli command line (for tests and embedding). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new KilnCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            cmd.getErr().println("kiln " + cmd.getCommandName() + ": " + describe(ex));
            if (Boolean.getBoolean("kiln.debug") || System.getenv("KILN_DEBUG") != null) ex.printStackTrace(cmd.getErr());
            cmd.getErr().flush();
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cl;
    }

    /** Without a subcommand: usage and a usage-error exit code. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** The {@code --plugins} folder, or null for the runtime's default. */
    public Path pluginsDir() { return pluginsDir; }

    /** The {@code --backend} name, or null for the runtime's choice. */
    public String backend() { return backend; }

    /** Builds the runtime from the shared options and makes it current; the caller closes it. */
    public KilnRuntime openRuntime() {
        KilnRuntime.Builder builder;
        try {
            builder = Kiln.builder();
        } catch (LinkageError e) {
            // the engine lookup runs in a static initializer: report its reason, not the error's wrapper
            if (e.getCause() instanceof RuntimeException reason) throw reason;
            throw new IllegalStateException(e.toString(), e);
        }
        if (pluginsDir != null) builder.pluginsDir(pluginsDir);
        if (backend != null) builder.backend(backend);
        return builder.build();
    }

    /** A one-line message for an exception and its causes, e.g. {@code "no Kiln engine on the class path: ..."}. */
    public static String describe(Throwable ex) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String msg = t.getMessage();
            if (msg == null || msg.isBlank()) {
                if (t.getCause() != null) continue; // a wrapper without words of its own
                msg = t.getClass().getSimpleName();
            }
            if (t.getCause() != null && msg.equals(t.getCause().toString())) continue; // new RuntimeException(cause)
            if (!sb.isEmpty()) sb.append(": ");
            sb.append(msg);
        }
        return sb.toString();
    }
}
