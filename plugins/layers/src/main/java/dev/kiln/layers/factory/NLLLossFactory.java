package dev.kiln.layers.factory;

import dev.kiln.layers.NLLLoss;
import dev.kiln.nn.Layer;
import dev.kiln.nn.LayerFactory;
import org.pf4j.Extension;

import java.util.Map;

/** Creates {@link NLLLoss} from PyTorch's keyword arguments: {@code reduction} ({@code "mean"} by default, {@code "sum"} or {@code "none"}). */
@Extension
public final class NLLLossFactory implements LayerFactory {
    /** A factory; cheap, as the runtime requires. */
    public NLLLossFactory() {}

    /** {@code "NLLLoss"}. */
    @Override
    public String name() { return "NLLLoss"; }

    /** {@inheritDoc} */
    @Override
    public Layer create(Map<String, Object> args) {
        Args a = new Args(name(), args, "reduction");
        return new NLLLoss(a.reduction());
    }
}
