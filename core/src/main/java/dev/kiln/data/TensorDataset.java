package dev.kiln.data;

import dev.kiln.Tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * {@code torch.utils.data.TensorDataset} for the supervised case: sample {@code i} is
 * {@code (inputs[i], targets[i])}, both views of row {@code i} (they share memory with the tensors).
 */
public final class TensorDataset implements Dataset<Sample<Tensor, Tensor>> {
    private final Tensor inputs;
    private final Tensor targets;

    /**
     * Pairs the rows of two tensors.
     *
     * @param inputs  {@code [N, ...]}
     * @param targets {@code [N, ...]}, the same N
     * @throws IllegalArgumentException when the first dimensions differ or a tensor is a scalar
     */
    public TensorDataset(Tensor inputs, Tensor targets) {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(targets, "targets");
        if (inputs.dim() == 0 || targets.dim() == 0 || inputs.size(0) != targets.size(0)) {
            throw new IllegalArgumentException("TensorDataset: size mismatch between tensors: inputs "
                    + Arrays.toString(inputs.shape()) + " and targets " + Arrays.toString(targets.shape())
                    + " need the same first dimension");
        }
        this.inputs = inputs;
        this.targets = targets;
    }

    @Override
    public int size() { return inputs.size(0); }

    @Override
    public Sample<Tensor, Tensor> get(int index) {
        Dataset.checkIndex("TensorDataset", index, size());
        return new Sample<>(inputs.select(0, index), targets.select(0, index));
    }

    /** The inputs tensor. */
    public Tensor inputs() { return inputs; }

    /** The targets tensor. */
    public Tensor targets() { return targets; }
}
