package dev.kiln.examples.cli;

import dev.kiln.Device;
import dev.kiln.KilnRuntime;
import dev.kiln.examples.KilnCli;
import dev.kiln.examples.tour.TensorTour;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code kiln tour}: the tensor tutorial, printed as PyTorch prints it. */
@Command(name = "tour", mixinStandardHelpOptions = true,
        description = "Walk through the tensor tutorial (../shared/tutorials) in Java, printing what PyTorch prints.")
public final class TourCommand implements Callable<Integer> {

    @ParentCommand
    private KilnCli kiln;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        try (KilnRuntime runtime = kiln.openRuntime()) {
            runtime.backend(Device.CPU); // fail once, with the runtime's reason, rather than in every section
            TensorTour.Result result = new TensorTour(runtime).run(spec.commandLine().getOut());
            if (result.failed() > 0) {
                spec.commandLine().getErr().printf("kiln tour: %d of %d steps failed (marked !! above)%n",
                        result.failed(), result.steps());
                spec.commandLine().getErr().flush();
                return 1;
            }
            return 0;
        }
    }
}
