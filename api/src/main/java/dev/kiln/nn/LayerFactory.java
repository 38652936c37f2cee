package dev.kiln.nn;

import org.pf4j.ExtensionPoint;

import java.util.Map;

/**
 * Creates a layer by its PyTorch class name from keyword arguments, so a configuration file can name
 * layers ({@code {"type": "Linear", "args": {"in_features": 784, "out_features": 512}}}). Layer packs
 * implement it as PF4J {@code @Extension}s; the runtime finds them on the class path and in plugin jars.
 * Implementations must have a no-argument constructor and be cheap to create.
 */
public interface LayerFactory extends ExtensionPoint {

    /**
     * The PyTorch class name this factory creates: {@code "Linear"}, {@code "ReLU"}, {@code "CrossEntropyLoss"}.
     *
     * @return the name
     */
    String name();

    /**
     * Creates the layer.
     *
     * @param args PyTorch's keyword arguments ({@code in_features}, {@code kernel_size}...) as parsed from JSON:
     *             {@link Number}, {@link String}, {@link Boolean}, {@link java.util.List}, {@link Map}; absent
     *             arguments take PyTorch's defaults
     * @return a new layer in training mode
     * @throws IllegalArgumentException for an unknown, missing or mistyped argument, naming the layer, the
     *                                  argument and what is valid
     */
    Layer create(Map<String, Object> args);
}
