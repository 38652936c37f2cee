package dev.kiln.examples.cli;

import dev.kiln.KilnRuntime;
import dev.kiln.examples.KilnCli;
import dev.kiln.examples.autograd.AutogradTour;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code kiln autograd-tour}: the tutorial's {@code Q = 3a³ − b²} and the grad_fn chain of the LeNet loss. */
@Command(name = "autograd-tour", mixinStandardHelpOptions = true,
        description = "Autograd as in the tutorial (../shared/tutorials/001_*.txt): Q = 3a^3 - b^2, then LeNet's "
                + "printed tree, its MSE loss, the grad_fn chain, zero_grad, backward and a hand-written SGD step.")
public final class AutogradTourCommand implements Callable<Integer> {

    @ParentCommand
    private KilnCli kiln;

    @Spec
    private CommandSpec spec;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of LeNet's weights and the random input (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Override
    public Integer call() {
        try (KilnRuntime runtime = kiln.openRuntime()) {
            AutogradTour.run(spec.commandLine().getOut(), seed);
            return 0;
        }
    }
}
