package dev.kiln.examples.cli;

import dev.kiln.Device;
import dev.kiln.KilnRuntime;
import dev.kiln.examples.KilnCli;
import dev.kiln.examples.lenet.LeNetTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code kiln lenet}: the tutorial's LeNet on 32×32 padded Fashion-MNIST, one epoch of SGD with momentum. */
@Command(name = "lenet", mixinStandardHelpOptions = true,
        description = "Train the tutorial's LeNet on Fashion-MNIST padded to 32x32: prints the model, trains with "
                + "SGD lr 0.01 momentum 0.9 in batches of 64, tests, and prints the median training step time.")
public final class LenetCommand implements Callable<Integer> {

    @ParentCommand
    private KilnCli kiln;

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder of the Fashion-MNIST IDX files (default: /usr/share/datasets/fashion-mnist, else the shipped subset).")
    private Path data;

    @Option(names = "--epochs", defaultValue = "1", description = "Epochs (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--batch-size", defaultValue = "64", description = "Batch size (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--max-batches", defaultValue = "0", description = "Training batches per epoch at most, 0 for all (default: ${DEFAULT-VALUE}).")
    private int maxBatches;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the weights and the shuffling (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--workers", defaultValue = "1", description = "Data loader threads (default: ${DEFAULT-VALUE}).")
    private int workers;

    @Override
    public Integer call() {
        try (KilnRuntime runtime = kiln.openRuntime()) {
            spec.commandLine().getOut().println("Backend: " + runtime.backend(Device.CPU).name());
            LeNetTraining.run(spec.commandLine().getOut(), new LeNetTraining.Options(data, epochs, batchSize, maxBatches, seed, workers));
            return 0;
        }
    }
}
