package dev.kiln.layers.factory;

import dev.kiln.layers.Sequential;
import dev.kiln.nn.Layer;
import dev.kiln.nn.LayerFactory;
import org.pf4j.Extension;

import java.util.Map;

/** Creates {@link Sequential} from PyTorch's keyword arguments: none: an empty sequence that a config runner fills with {@link Sequential#append}, since nesting layers needs every pack's factories. */
@Extension
public final class SequentialFactory implements LayerFactory {
    /** A factory; cheap, as the runtime requires. */
    public SequentialFactory() {}

    /** {@code "Sequential"}. */
    @Override
    public String name() { return "Sequential"; }

    /** {@inheritDoc} */
    @Override
    public Layer create(Map<String, Object> args) {
        new Args(name(), args);
        return new Sequential();
    }
}
