/**
 * Neural-network building blocks, as PyTorch's {@code torch.nn}: {@link dev.kiln.nn.Layer} (the
 * {@code nn.Module} of Kiln) and {@link dev.kiln.nn.Loss}, the functional ops in {@link dev.kiln.nn.F},
 * and the {@link dev.kiln.nn.LayerFactory} extension point through which layer packs (the
 * {@code kiln-layers} plugin: {@code dev.kiln.layers.Linear}, {@code Conv2d}...) are found by name.
 */
package dev.kiln.nn;
