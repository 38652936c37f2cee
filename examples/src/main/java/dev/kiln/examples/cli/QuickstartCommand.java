package dev.kiln.examples.cli;

import dev.kiln.Device;
import dev.kiln.KilnRuntime;
import dev.kiln.examples.KilnCli;
import dev.kiln.examples.quickstart.Quickstart;
import dev.kiln.examples.train.ProgressBars;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code kiln quickstart}: PyTorch's quickstart, Fashion-MNIST with a three-layer MLP. */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"PyTorch's quickstart in Kiln: train Flatten -> Linear(784, 512) -> ReLU -> Linear(512, 512) -> ReLU"
                + " -> Linear(512, 10) on Fashion-MNIST with SGD (lr 1e-3, batch 64), test each epoch, save the model as"
                + " safetensors, load it back and classify the first test images, and plot loss and accuracy.",
                "Data: --data DIR, else /usr/share/datasets/fashion-mnist, else the subset shipped with Kiln."})
public final class QuickstartCommand implements Callable<Integer> {

    @ParentCommand
    private KilnCli kiln;

    @Spec
    private CommandSpec spec;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "5", description = "Epochs (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with the Fashion-MNIST IDX files.")
    private Path data;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "Where model.safetensors and quickstart.png go (default: the current folder).")
    private Path out;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Seed of the initial weights and the shuffle (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--train-samples", paramLabel = "N", defaultValue = "0", description = "Use only the first N training images (default: all).")
    private int trainSamples;

    @Option(names = "--test-samples", paramLabel = "N", defaultValue = "0", description = "Use only the first N test images (default: all).")
    private int testSamples;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "0", description = "Data loader threads (default: ${DEFAULT-VALUE}).")
    private int workers;

    @Option(names = "--show", paramLabel = "N", defaultValue = "5", description = "Test images to classify after reloading (default: ${DEFAULT-VALUE}).")
    private int show;

    @Option(names = "--progress", negatable = true, description = "Draw a progress bar on stderr (default: when it is a terminal).")
    private Boolean progress;

    @Override
    public Integer call() throws Exception {
        if (epochs < 1) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--epochs must be at least 1, found " + epochs);
        try (KilnRuntime runtime = kiln.openRuntime()) {
            boolean bar = progress != null ? progress : ProgressBars.interactive();
            new Quickstart(epochs, data, out, seed, trainSamples, testSamples, workers, show, bar ? System.err : null)
                    .run(spec.commandLine().getOut(), runtime.backend(Device.CPU).name());
            return 0;
        }
    }
}
