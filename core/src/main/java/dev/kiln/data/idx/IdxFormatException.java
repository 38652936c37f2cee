package dev.kiln.data.idx;

import java.io.IOException;

/**
 * An IDX file is malformed, truncated or describes more data than it holds. The message names the
 * file and the header field, e.g.
 * {@code "data/train-images-idx3-ubyte.gz: dims [60000, 28, 28] need 47040016 bytes but the gzip trailer says 47040008"}.
 */
public final class IdxFormatException extends IOException {
    IdxFormatException(String source, String problem) {
        super(source + ": " + problem);
    }
}
