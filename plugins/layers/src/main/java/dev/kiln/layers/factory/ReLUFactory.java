package dev.kiln.layers.factory;

import dev.kiln.layers.ReLU;
import dev.kiln.nn.Layer;
import dev.kiln.nn.LayerFactory;
import org.pf4j.Extension;

import java.util.Map;

/** Creates {@link ReLU} from PyTorch's keyword arguments: {@code inplace} (default false). */
@Extension
public final class ReLUFactory implements LayerFactory {
    /** A factory; cheap, as the runtime requires. */
    public ReLUFactory() {}

    /** {@code "ReLU"}. */
    @Override
    public String name() { return "ReLU"; }

    /** {@inheritDoc} */
    @Override
    public Layer create(Map<String, Object> args) {
        Args a = new Args(name(), args, "inplace");
        return new ReLU(a.bool("inplace", false));
    }
}
