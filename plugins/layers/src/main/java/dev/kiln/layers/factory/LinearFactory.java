package dev.kiln.layers.factory;

import dev.kiln.layers.Linear;
import dev.kiln.nn.Layer;
import dev.kiln.nn.LayerFactory;
import org.pf4j.Extension;

import java.util.Map;

/** Creates {@link Linear} from PyTorch's keyword arguments: {@code in_features}, {@code out_features} (required ints), {@code bias} (default true). */
@Extension
public final class LinearFactory implements LayerFactory {
    /** A factory; cheap, as the runtime requires. */
    public LinearFactory() {}

    /** {@code "Linear"}. */
    @Override
    public String name() { return "Linear"; }

    /** {@inheritDoc} */
    @Override
    public Layer create(Map<String, Object> args) {
        Args a = new Args(name(), args, "in_features", "out_features", "bias");
        return new Linear(a.requiredInt("in_features"), a.requiredInt("out_features"), a.bool("bias", true));
    }
}
