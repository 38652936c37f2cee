package dev.kiln.examples.cli;

import dev.kiln.Device;
import dev.kiln.KilnRuntime;
import dev.kiln.examples.KilnCli;
import dev.kiln.examples.regression.LinearRegression;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code kiln linear-regression}: the tutorial's y = W x + b fitted by SGD, printed as PyTorch prints it. */
@Command(name = "linear-regression", mixinStandardHelpOptions = true,
        description = "Fit y = Wx + b to x = [1, 2, 3], y = [2, 4, 6] with SGD (the tutorial's linear regression); W reaches about 2, b about 0.")
public final class LinearRegressionCommand implements Callable<Integer> {

    @ParentCommand
    private KilnCli kiln;

    @Spec
    private CommandSpec spec;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "1999",
            description = "Last epoch number, as the tutorial's nb_epochs (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--lr", paramLabel = "LR", defaultValue = "0.01",
            description = "SGD learning rate (default: ${DEFAULT-VALUE}).")
    private double lr;

    @Override
    public Integer call() {
        try (KilnRuntime runtime = kiln.openRuntime()) {
            runtime.backend(Device.CPU);
            new LinearRegression(epochs, lr).run(spec.commandLine().getOut());
            return 0;
        }
    }
}
