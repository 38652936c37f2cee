package dev.kiln.examples.cli;

import dev.kiln.KilnRuntime;
import dev.kiln.examples.KilnCli;
import dev.kiln.examples.train.ConfigException;
import dev.kiln.examples.train.ProgressBars;
import dev.kiln.examples.train.TrainConfig;
import dev.kiln.examples.train.TrainConfigParser;
import dev.kiln.examples.train.TrainRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code kiln train --config FILE [--resume CHECKPOINT]}: a config-driven training run (pytorch-template style). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the model a JSON config describes (dataset, data_loader, arch, loss, optimizer, trainer),"
                + " with layers, optimizers and datasets found by name in the plugin packs; checkpoint each epoch into"
                + " trainer.save_dir/name; --resume continues after a checkpoint's epoch with the same results as an"
                + " uninterrupted run.",
                "A config that cannot run fails before training, naming the field and the reason (exit code 2)."})
public final class TrainCommand implements Callable<Integer> {

    @ParentCommand
    private KilnCli kiln;

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The JSON config.")
    private Path config;

    @Option(names = "--resume", paramLabel = "CHECKPOINT",
            description = "A checkpoint-epochK.json (or .safetensors) of this config's run to continue from.")
    private Path resume;

    @Option(names = "--progress", negatable = true, description = "Draw a progress bar on stderr (default: when it is a terminal).")
    private Boolean progress;

    @Override
    public Integer call() throws Exception {
        try {
            TrainConfig c = TrainConfigParser.parse(config);
            try (KilnRuntime runtime = kiln.openRuntime()) {
                boolean bar = progress != null ? progress : ProgressBars.interactive();
                TrainRun.run(c, config.toString(), resume, runtime, spec.commandLine().getOut(), bar ? System.err : null);
            }
            return 0;
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("kiln train: bad config: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
    }
}
