package dev.kiln.layers.factory;

import dev.kiln.layers.CrossEntropyLoss;
import dev.kiln.nn.Layer;
import dev.kiln.nn.LayerFactory;
import org.pf4j.Extension;

import java.util.Map;

/** Creates {@link CrossEntropyLoss} from PyTorch's keyword arguments: {@code reduction} ({@code "mean"} by default, {@code "sum"} or {@code "none"}). */
@Extension
public final class CrossEntropyLossFactory implements LayerFactory {
    /** A factory; cheap, as the runtime requires. */
    public CrossEntropyLossFactory() {}

    /** {@code "CrossEntropyLoss"}. */
    @Override
    public String name() { return "CrossEntropyLoss"; }

    /** {@inheritDoc} */
    @Override
    public Layer create(Map<String, Object> args) {
        Args a = new Args(name(), args, "reduction");
        return new CrossEntropyLoss(a.reduction());
    }
}
