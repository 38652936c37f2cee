package dev.kiln.layers.factory;

import dev.kiln.layers.Dropout;
import dev.kiln.nn.Layer;
import dev.kiln.nn.LayerFactory;
import org.pf4j.Extension;

import java.util.Map;

/** Creates {@link Dropout} from PyTorch's keyword arguments: {@code p} (default 0.5); {@code inplace} only false. */
@Extension
public final class DropoutFactory implements LayerFactory {
    /** A factory; cheap, as the runtime requires. */
    public DropoutFactory() {}

    /** {@code "Dropout"}. */
    @Override
    public String name() { return "Dropout"; }

    /** {@inheritDoc} */
    @Override
    public Layer create(Map<String, Object> args) {
        Args a = new Args(name(), args, "p", "inplace");
        a.onlyDefault("inplace", false);
        return new Dropout(a.number("p", 0.5));
    }
}
