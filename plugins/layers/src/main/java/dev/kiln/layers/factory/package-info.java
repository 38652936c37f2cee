/**
 * One {@link dev.kiln.nn.LayerFactory} per layer of the pack, each a PF4J {@code @Extension} named by the
 * PyTorch class name and reading PyTorch's keyword arguments ({@code in_features}, {@code kernel_size}...).
 */
package dev.kiln.layers.factory;
