/**
 * Data loading contracts (PyTorch's {@code torch.utils.data}): a {@link dev.kiln.data.Dataset} indexes
 * samples, a {@link dev.kiln.data.Sample} pairs an input with its target, a
 * {@link dev.kiln.data.Transform} maps one value to another, and a {@link dev.kiln.data.DatasetFactory}
 * lets the runtime build a dataset by name from a config file.
 *
 * <p>kiln-core adds the implementations to this same package ({@code DataLoader}, {@code Batch},
 * {@code TensorDataset}) and to subpackages ({@code dev.kiln.data.transforms},
 * {@code dev.kiln.data.datasets}, {@code dev.kiln.data.idx}). The package is split between the two
 * jars, which is fine on the class path (Kiln ships no JPMS modules).
 */
package dev.kiln.data;
