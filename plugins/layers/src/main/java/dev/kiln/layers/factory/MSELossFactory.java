package dev.kiln.layers.factory;

import dev.kiln.layers.MSELoss;
import dev.kiln.nn.Layer;
import dev.kiln.nn.LayerFactory;
import org.pf4j.Extension;

import java.util.Map;

/** Creates {@link MSELoss} from PyTorch's keyword arguments: {@code reduction} ({@code "mean"} by default, {@code "sum"} or {@code "none"}). */
@Extension
public final class MSELossFactory implements LayerFactory {
    /** A factory; cheap, as the runtime requires. */
    public MSELossFactory() {}

    /** {@code "MSELoss"}. */
    @Override
    public String name() { return "MSELoss"; }

    /** {@inheritDoc} */
    @Override
    public Layer create(Map<String, Object> args) {
        Args a = new Args(name(), args, "reduction");
        return new MSELoss(a.reduction());
    }
}
