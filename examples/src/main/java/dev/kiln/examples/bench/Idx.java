package dev.kiln.examples.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The Fashion-MNIST IDX files as {@code torch_figures.py} reads them: images as float32 in [0, 1]
 * ({@code uint8 / 255}), labels as int64. Until the data pack is on this module's class path.
 */
final class Idx {
    /** The folder {@code torch_figures.py} reads. */
    static final Path DATA = Path.of("/usr/share/datasets/fashion-mnist");

    /** Images {@code [n, rows, cols]} flattened, and their shape. */
    record Images(float[] data, int n, int rows, int cols) {}

    private Idx() {}

    static Images images(String name) throws IOException {
        try (DataInputStream in = open(name, 3)) {
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            byte[] raw = in.readNBytes(Math.multiplyExact(Math.multiplyExact(n, rows), cols));
            if (raw.length != n * rows * cols) throw new IOException(name + ": truncated, " + raw.length + " of "
                    + n * rows * cols + " pixel bytes");
            float[] data = new float[raw.length];
            for (int i = 0; i < raw.length; i++) data[i] = (raw[i] & 0xFF) / 255.0f;
            return new Images(data, n, rows, cols);
        }
    }

    static long[] labels(String name) throws IOException {
        try (DataInputStream in = open(name, 1)) {
            int n = in.readInt();
            byte[] raw = in.readNBytes(n);
            if (raw.length != n) throw new IOException(name + ": truncated, " + raw.length + " of " + n + " labels");
            long[] out = new long[n];
            for (int i = 0; i < n; i++) out[i] = raw[i] & 0xFF;
            return out;
        }
    }

    /** Opens a gzipped IDX file of unsigned bytes with {@code dims} dimensions, positioned after the magic. */
    private static DataInputStream open(String name, int dims) throws IOException {
        Path p = DATA.resolve(name);
        if (!Files.isRegularFile(p)) throw new IOException("Fashion-MNIST file not found: " + p
                + " (apt-get install dataset-fashion-mnist)");
        InputStream raw = new GZIPInputStream(Files.newInputStream(p), 1 << 16);
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16));
        int magic = in.readInt();
        if ((magic >>> 8) != 0x08 || (magic & 0xFF) != dims) {
            in.close();
            throw new IOException(p + ": not an IDX file of " + dims + "-d unsigned bytes (magic 0x"
                    + Integer.toHexString(magic) + ")");
        }
        return in;
    }
}
