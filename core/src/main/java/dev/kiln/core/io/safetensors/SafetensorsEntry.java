package dev.kiln.core.io.safetensors;

import dev.kiln.DType;

import java.util.Arrays;

/**
 * One tensor of a safetensors header: its name, dtype, shape and byte range in the data buffer
 * (relative to the first byte after the header, as the format defines {@code data_offsets}).
 *
 * @param name  the tensor's key
 * @param dtype the Kiln dtype its code reads into
 * @param shape sizes per dimension (empty for a 0-d tensor)
 * @param begin first byte, relative to the data buffer
 * @param end   one past the last byte
 */
public record SafetensorsEntry(String name, DType dtype, int[] shape, long begin, long end) {

    /** Bytes the entry occupies. */
    public long byteSize() { return end - begin; }

    /** Number of elements of the shape. */
    public long numel() {
        long n = 1;
        for (int s : shape) n *= s; // bounded when parsed
        return n;
    }

    /** The shape as the header writes it, e.g. {@code [3, 4]}. */
    String shapeText() { return Arrays.toString(shape); }
}
