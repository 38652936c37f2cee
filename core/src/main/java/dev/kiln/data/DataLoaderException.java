package dev.kiln.data;

/**
 * Loading a batch failed: a dataset's {@code get}, a transform or the collate threw. The message names
 * the sample index (and the worker thread when there is one); the original exception is the cause.
 */
public final class DataLoaderException extends RuntimeException {
    private final int sampleIndex;

    DataLoaderException(String message, int sampleIndex, Throwable cause) {
        super(message, cause);
        this.sampleIndex = sampleIndex;
    }

    /** The dataset index whose loading failed, or {@code -1} when the collate of a whole batch failed. */
    public int sampleIndex() { return sampleIndex; }
}
