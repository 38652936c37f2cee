package dev.kiln.examples.bench;

import dev.kiln.data.idx.IdxArray;
import dev.kiln.data.idx.IdxType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Fashion-MNIST IDX files as {@code torch_figures.py} reads them, through core's validated IDX reader:
 * images as float32 in [0, 1] ({@code uint8 / 255}), labels as int64.
 */
final class Idx {
    /** The folder {@code torch_figures.py} reads. */
    static final Path DATA = Path.of("/usr/share/datasets/fashion-mnist");

    /** Images {@code [n, rows, cols]} flattened, and their shape. */
    record Images(float[] data, int n, int rows, int cols) {}

    private Idx() {}

    static Images images(String name) throws IOException {
        IdxArray a = dev.kiln.data.idx.Idx.read(file(name), IdxType.UBYTE, 3);
        byte[] raw = a.data();
        float[] data = new float[raw.length];
        for (int i = 0; i < raw.length; i++) data[i] = (raw[i] & 0xFF) / 255.0f;
        return new Images(data, a.dims()[0], a.dims()[1], a.dims()[2]);
    }

    static long[] labels(String name) throws IOException {
        byte[] raw = dev.kiln.data.idx.Idx.read(file(name), IdxType.UBYTE, 1).data();
        long[] out = new long[raw.length];
        for (int i = 0; i < raw.length; i++) out[i] = raw[i] & 0xFF;
        return out;
    }

    private static Path file(String name) throws IOException {
        Path p = DATA.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IOException("Fashion-MNIST file not found: " + p + " (apt-get install dataset-fashion-mnist)");
        }
        return p;
    }
}
