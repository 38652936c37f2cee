package dev.kiln.layers.factory;

import dev.kiln.layers.LogSoftmax;
import dev.kiln.nn.Layer;
import dev.kiln.nn.LayerFactory;
import org.pf4j.Extension;

import java.util.Map;

/** Creates {@link LogSoftmax} from PyTorch's keyword arguments: {@code dim} (a required int). */
@Extension
public final class LogSoftmaxFactory implements LayerFactory {
    /** A factory; cheap, as the runtime requires. */
    public LogSoftmaxFactory() {}

    /** {@code "LogSoftmax"}. */
    @Override
    public String name() { return "LogSoftmax"; }

    /** {@inheritDoc} */
    @Override
    public Layer create(Map<String, Object> args) {
        Args a = new Args(name(), args, "dim");
        return new LogSoftmax(a.requiredInt("dim"));
    }
}
