package dev.kiln.data;

import org.pf4j.ExtensionPoint;

import java.util.Map;

/**
 * Builds a dataset by name, for config-driven runs ({@code "dataset": {"name": "FashionMNIST",
 * "args": {"train": true}}}). Implementations are PF4J extensions ({@code @Extension}) found on the
 * class path or in plugin jars; the runtime binds them into a {@code Map<String, DatasetFactory>}.
 */
public interface DatasetFactory extends ExtensionPoint {
    /**
     * The name configs use, as torchvision's class name ({@code "FashionMNIST"}, {@code "MNIST"}).
     *
     * @return the unique dataset name
     */
    String name();

    /**
     * Creates the dataset.
     *
     * @param args arguments as parsed from JSON (Number, String, Boolean, List, Map), named as
     *             torchvision's keywords: {@code root} (String), {@code train} (Boolean),
     *             {@code download} (Boolean)
     * @return the dataset; samples are {@link Sample}s
     * @throws IllegalArgumentException for an unknown, missing or mistyped argument, naming the dataset,
     *                                  the argument and what is valid
     */
    Dataset<?> create(Map<String, Object> args);
}
