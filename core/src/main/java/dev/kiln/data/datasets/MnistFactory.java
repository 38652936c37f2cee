package dev.kiln.data.datasets;

import dev.kiln.data.Dataset;
import dev.kiln.data.DatasetFactory;
import org.pf4j.Extension;

import java.util.Map;

/**
 * {@code "MNIST"} for config-driven runs: arguments {@code root}, {@code train}, {@code download} as
 * torchvision's; samples are uint8 28×28 tensors and {@code Long} labels.
 */
@Extension
public final class MnistFactory implements DatasetFactory {
    /** A factory; cheap. */
    public MnistFactory() {}

    @Override
    public String name() { return "MNIST"; }

    @Override
    public Dataset<?> create(Map<String, Object> args) {
        return DatasetArgs.mnistFamily(name(), Mnist.builder(), args);
    }
}
