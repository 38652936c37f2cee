package dev.kiln.optim;

import dev.kiln.Tensor;
import org.pf4j.ExtensionPoint;

import java.util.List;
import java.util.Map;

/**
 * Makes an optimizer by its {@code torch.optim} class name, so that a config file can name it
 * ({@code "optimizer": {"type": "SGD", "args": {"lr": 0.01, "momentum": 0.9}}}). Implementations are PF4J
 * {@code @Extension}s, found on the class path and in plugin jars; the runtime binds them by {@link #name()}.
 */
public interface OptimizerFactory extends ExtensionPoint {
    /** The PyTorch class name: {@code "SGD"}, {@code "Adam"}, {@code "AdamW"}, {@code "RMSprop"}. */
    String name();

    /**
     * A new optimizer over {@code params}.
     *
     * @param args torch.optim's keyword arguments as parsed from JSON ({@code lr}, {@code momentum},
     *             {@code betas} as a 2-element list...); absent ones take PyTorch's defaults
     * @throws IllegalArgumentException for an unknown, mistyped or invalid argument, naming the optimizer,
     *                                  the argument and what is valid
     */
    Optimizer create(List<Tensor> params, Map<String, Object> args);
}
