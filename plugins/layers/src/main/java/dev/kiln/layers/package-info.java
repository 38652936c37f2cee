/**
 * The layer pack (artifact {@code kiln-layers}): PyTorch's common layers and losses as
 * {@link dev.kiln.nn.Layer}s, printed as PyTorch prints them and initialised as PyTorch initialises them,
 * from Kiln's seeded generator. The jar is both an ordinary Maven artifact ({@code new Linear(784, 512)})
 * and a PF4J plugin whose {@link dev.kiln.nn.LayerFactory} extensions ({@code dev.kiln.layers.factory})
 * create each layer by its PyTorch class name from keyword arguments.
 */
package dev.kiln.layers;
