package dev.kiln.data;

/**
 * A map-style dataset ({@code torch.utils.data.Dataset}): a fixed number of samples addressed by
 * index. Implementations must allow {@link #get(int)} to be called concurrently from several
 * threads, because a {@code DataLoader} with workers does so.
 *
 * @param <S> the sample type, usually {@link Sample}{@code <Tensor, Long>} or {@code <Tensor, Tensor>}
 */
public interface Dataset<S> {
    /** The number of samples ({@code __len__}). */
    int size();

    /**
     * The sample at {@code index} ({@code __getitem__}).
     *
     * @param index in {@code [0, size())}
     * @return the sample, with the dataset's transforms applied
     * @throws IndexOutOfBoundsException when {@code index} is outside {@code [0, size())}
     */
    S get(int index);

    /**
     * Checks {@code index} against {@code size} with the message every Kiln dataset uses.
     *
     * @param dataset a name for the message ({@code "FashionMnist"})
     * @param index   the index asked for
     * @param size    the dataset's size
     * @return {@code index}
     * @throws IndexOutOfBoundsException when {@code index} is outside {@code [0, size)}
     */
    static int checkIndex(String dataset, int index, int size) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(dataset + ": index " + index + " is out of range for a dataset of "
                    + size + " samples (valid: 0.." + (size - 1) + ")");
        }
        return index;
    }
}
