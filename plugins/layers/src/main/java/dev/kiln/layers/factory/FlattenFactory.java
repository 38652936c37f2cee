package dev.kiln.layers.factory;

import dev.kiln.layers.Flatten;
import dev.kiln.nn.Layer;
import dev.kiln.nn.LayerFactory;
import org.pf4j.Extension;

import java.util.Map;

/** Creates {@link Flatten} from PyTorch's keyword arguments: {@code start_dim} (default 1), {@code end_dim} (default -1). */
@Extension
public final class FlattenFactory implements LayerFactory {
    /** A factory; cheap, as the runtime requires. */
    public FlattenFactory() {}

    /** {@code "Flatten"}. */
    @Override
    public String name() { return "Flatten"; }

    /** {@inheritDoc} */
    @Override
    public Layer create(Map<String, Object> args) {
        Args a = new Args(name(), args, "start_dim", "end_dim");
        return new Flatten(a.intArg("start_dim", 1), a.intArg("end_dim", -1));
    }
}
