package dev.kiln.layers.factory;

import dev.kiln.layers.Conv2d;
import dev.kiln.nn.Layer;
import dev.kiln.nn.LayerFactory;
import org.pf4j.Extension;

import java.util.Map;

/** Creates {@link Conv2d} from PyTorch's keyword arguments: {@code in_channels}, {@code out_channels}, {@code kernel_size} (required), {@code stride} (1), {@code padding} (0, a pair, {@code "same"} or {@code "valid"}), {@code bias} (true); {@code dilation}, {@code groups} and {@code padding_mode} only at their defaults. */
@Extension
public final class Conv2dFactory implements LayerFactory {
    /** A factory; cheap, as the runtime requires. */
    public Conv2dFactory() {}

    /** {@code "Conv2d"}. */
    @Override
    public String name() { return "Conv2d"; }

    /** {@inheritDoc} */
    @Override
    public Layer create(Map<String, Object> args) {
        Args a = new Args(name(), args, "in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation",
                "groups", "bias", "padding_mode");
        a.onlyDefault("dilation", 1);
        a.onlyDefault("groups", 1);
        a.onlyDefault("padding_mode", "zeros");
        int in = a.requiredInt("in_channels");
        int out = a.requiredInt("out_channels");
        int[] kernel = a.requiredPair("kernel_size");
        int[] stride = a.pair("stride", new int[] {1, 1});
        boolean bias = a.bool("bias", true);
        if (a.isString("padding")) return new Conv2d(in, out, kernel, stride, a.string("padding", "valid"), bias);
        return new Conv2d(in, out, kernel, stride, a.pair("padding", new int[] {0, 0}), bias);
    }
}
