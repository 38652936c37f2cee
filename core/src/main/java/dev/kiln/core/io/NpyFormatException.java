package dev.kiln.core.io;

import java.io.IOException;

/**
 * A {@code .npy} file or stream is malformed, truncated or describes data Kiln cannot hold. The
 * message names the source (the path) and the problem, e.g.
 * {@code "data/x.npy: shape (1000000, 1000000) of <f4 needs 4000000000000 data bytes but the file has 96 after its header"}.
 */
public final class NpyFormatException extends IOException {
    NpyFormatException(String source, String problem) {
        super(source + ": " + problem);
    }
}
