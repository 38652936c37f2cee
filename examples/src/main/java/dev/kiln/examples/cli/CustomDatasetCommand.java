package dev.kiln.examples.cli;

import dev.kiln.KilnRuntime;
import dev.kiln.examples.KilnCli;
import dev.kiln.examples.data.CustomDatasetExample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code kiln custom-dataset}: the tutorial's CustomImageDataset on a folder of PNGs the example writes. */
@Command(name = "custom-dataset", mixinStandardHelpOptions = true,
        description = "Write Fashion-MNIST images as PNGs with an annotations CSV, read them with ImageCsvDataset"
                + " through a DataLoader, and print what the tutorial prints.")
public final class CustomDatasetCommand implements Callable<Integer> {

    @ParentCommand
    private KilnCli kiln;

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for the PNGs and annotations.csv (default: a new temporary folder).")
    private Path out;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Fashion-MNIST IDX folder (default: /usr/share/datasets/fashion-mnist, else the shipped subset).")
    private Path data;

    @Option(names = "--images", paramLabel = "N", defaultValue = "100", description = "Images to write (default: ${DEFAULT-VALUE}).")
    private int images;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the shuffle (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Override
    public Integer call() throws Exception {
        try (KilnRuntime runtime = kiln.openRuntime()) {
            Path folder = out != null ? out : Files.createTempDirectory("kiln-custom-dataset");
            new CustomDatasetExample(folder, data, images, seed).run(spec.commandLine().getOut());
            return 0;
        }
    }
}
