package dev.kiln.layers.factory;

import dev.kiln.layers.Identity;
import dev.kiln.nn.Layer;
import dev.kiln.nn.LayerFactory;
import org.pf4j.Extension;

import java.util.Map;

/** Creates {@link Identity} from PyTorch's keyword arguments: any, ignored (as PyTorch's {@code nn.Identity(*args, **kwargs)}, so it can stand in for a layer in a config). */
@Extension
public final class IdentityFactory implements LayerFactory {
    /** A factory; cheap, as the runtime requires. */
    public IdentityFactory() {}

    /** {@code "Identity"}. */
    @Override
    public String name() { return "Identity"; }

    /** {@inheritDoc} */
    @Override
    public Layer create(Map<String, Object> args) {
        return new Identity();
    }
}
