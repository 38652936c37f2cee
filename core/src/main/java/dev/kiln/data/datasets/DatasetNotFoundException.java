package dev.kiln.data.datasets;

/**
 * A dataset's files are not where Kiln looked, and no download was allowed or possible. The message
 * lists the places looked in and says how to get the files.
 */
public final class DatasetNotFoundException extends RuntimeException {
    DatasetNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
