package dev.kiln.core.io.safetensors;

import java.io.IOException;

/**
 * A safetensors file is malformed, truncated or hostile. The message names the file, the entry and
 * field at fault, and what would be valid, e.g.
 * {@code "model.safetensors: entry 'fc.weight': data_offsets [0, 40] hold 40 bytes but shape [3, 4] of F32 needs 48"}.
 */
public final class SafetensorsFormatException extends IOException {
    SafetensorsFormatException(String source, String problem) {
        super(source + ": " + problem);
    }
}
