package dev.kiln.examples.cli;

import dev.kiln.KilnRuntime;
import dev.kiln.core.runtime.RuntimeReport;
import dev.kiln.examples.KilnCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code kiln plugins}: every plugin and backend the runtime found, and which backend serves each device type. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List the plugins and backends found: id, version, origin, available or not and why, "
                + "and the backend serving each device type.")
public final class PluginsCommand implements Callable<Integer> {

    @ParentCommand
    private KilnCli kiln;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        try (KilnRuntime runtime = kiln.openRuntime()) {
            spec.commandLine().getOut().print(RuntimeReport.render(runtime));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
