package dev.kiln.layers.factory;

import dev.kiln.layers.Tanh;
import dev.kiln.nn.Layer;
import dev.kiln.nn.LayerFactory;
import org.pf4j.Extension;

import java.util.Map;

/** Creates {@link Tanh} from PyTorch's keyword arguments: none. */
@Extension
public final class TanhFactory implements LayerFactory {
    /** A factory; cheap, as the runtime requires. */
    public TanhFactory() {}

    /** {@code "Tanh"}. */
    @Override
    public String name() { return "Tanh"; }

    /** {@inheritDoc} */
    @Override
    public Layer create(Map<String, Object> args) {
        new Args(name(), args);
        return new Tanh();
    }
}
