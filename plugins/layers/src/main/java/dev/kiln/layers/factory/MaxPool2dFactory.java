package dev.kiln.layers.factory;

import dev.kiln.layers.MaxPool2d;
import dev.kiln.nn.Layer;
import dev.kiln.nn.LayerFactory;
import org.pf4j.Extension;

import java.util.Map;

/** Creates {@link MaxPool2d} from PyTorch's keyword arguments: {@code kernel_size} (required), {@code stride} (default: the kernel size), {@code padding} (0); square windows only; {@code dilation}, {@code return_indices} and {@code ceil_mode} only at their defaults. */
@Extension
public final class MaxPool2dFactory implements LayerFactory {
    /** A factory; cheap, as the runtime requires. */
    public MaxPool2dFactory() {}

    /** {@code "MaxPool2d"}. */
    @Override
    public String name() { return "MaxPool2d"; }

    /** {@inheritDoc} */
    @Override
    public Layer create(Map<String, Object> args) {
        Args a = new Args(name(), args, "kernel_size", "stride", "padding", "dilation", "return_indices", "ceil_mode");
        a.onlyDefault("dilation", 1);
        a.onlyDefault("return_indices", false);
        a.onlyDefault("ceil_mode", false);
        Integer k = a.square("kernel_size", null);
        if (k == null) throw new IllegalArgumentException("MaxPool2d: missing required argument 'kernel_size' (an int)");
        return new MaxPool2d(k, a.square("stride", k), a.square("padding", 0));
    }
}
