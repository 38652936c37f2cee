package dev.kiln.data.datasets;

import dev.kiln.data.Dataset;
import dev.kiln.data.DatasetFactory;
import org.pf4j.Extension;

import java.util.Map;

/**
 * {@code "FashionMNIST"} for config-driven runs: arguments {@code root}, {@code train}, {@code download}
 * as torchvision's; samples are uint8 28×28 tensors and {@code Long} labels.
 */
@Extension
public final class FashionMnistFactory implements DatasetFactory {
    /** A factory; cheap. */
    public FashionMnistFactory() {}

    @Override
    public String name() { return "FashionMNIST"; }

    @Override
    public Dataset<?> create(Map<String, Object> args) {
        return DatasetArgs.mnistFamily(name(), FashionMnist.builder(), args);
    }
}
