package dev.kiln.layers.factory;

import dev.kiln.layers.Sigmoid;
import dev.kiln.nn.Layer;
import dev.kiln.nn.LayerFactory;
import org.pf4j.Extension;

import java.util.Map;

/** Creates {@link Sigmoid} from PyTorch's keyword arguments: none. */
@Extension
public final class SigmoidFactory implements LayerFactory {
    /** A factory; cheap, as the runtime requires. */
    public SigmoidFactory() {}

    /** {@code "Sigmoid"}. */
    @Override
    public String name() { return "Sigmoid"; }

    /** {@inheritDoc} */
    @Override
    public Layer create(Map<String, Object> args) {
        new Args(name(), args);
        return new Sigmoid();
    }
}
