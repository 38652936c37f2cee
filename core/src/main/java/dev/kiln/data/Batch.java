package dev.kiln.data;

import dev.kiln.Tensor;

/**
 * A batch made by {@link DataLoader}'s default collate: the samples' inputs stacked along a new first
 * dimension, and their targets stacked likewise (class indices become one int64 tensor).
 *
 * @param input  the stacked inputs, {@code [batch, ...]}
 * @param target the stacked targets, {@code [batch, ...]}, or {@code null} when the samples had none
 */
public record Batch(Tensor input, Tensor target) {
    /** The number of samples in this batch (the last batch may be smaller than the batch size). */
    public int size() { return input.size(0); }
}
