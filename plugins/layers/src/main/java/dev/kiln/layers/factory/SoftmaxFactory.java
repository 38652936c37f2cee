package dev.kiln.layers.factory;

import dev.kiln.layers.Softmax;
import dev.kiln.nn.Layer;
import dev.kiln.nn.LayerFactory;
import org.pf4j.Extension;

import java.util.Map;

/** Creates {@link Softmax} from PyTorch's keyword arguments: {@code dim} (a required int). */
@Extension
public final class SoftmaxFactory implements LayerFactory {
    /** A factory; cheap, as the runtime requires. */
    public SoftmaxFactory() {}

    /** {@code "Softmax"}. */
    @Override
    public String name() { return "Softmax"; }

    /** {@inheritDoc} */
    @Override
    public Layer create(Map<String, Object> args) {
        Args a = new Args(name(), args, "dim");
        return new Softmax(a.requiredInt("dim"));
    }
}
