package dev.kiln.data.datasets;

import dev.kiln.data.idx.Idx;
import dev.kiln.data.idx.IdxArray;
import dev.kiln.data.idx.IdxType;

import java.io.IOException;
import java.nio.file.Path;

/** Writes small MNIST-format splits for tests: image i has pixel p = (i * 31 + p) mod 256, label i mod 10. */
final class MnistFiles {
    private MnistFiles() {}

    static byte pixel(int image, int p) { return (byte) ((image * 31 + p) % 256); }

    static void write(Path dir, boolean train, int n, boolean gzip) throws IOException {
        byte[] px = new byte[n * 784];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 784; p++) px[i * 784 + p] = pixel(i, p);
            labels[i] = (byte) (i % 10);
        }
        String suffix = gzip ? ".gz" : "";
        Idx.write(dir.resolve((train ? MnistSpec.TRAIN_IMAGES : MnistSpec.TEST_IMAGES) + suffix),
                new IdxArray(IdxType.UBYTE, new int[] {n, 28, 28}, px), gzip);
        Idx.write(dir.resolve((train ? MnistSpec.TRAIN_LABELS : MnistSpec.TEST_LABELS) + suffix),
                new IdxArray(IdxType.UBYTE, new int[] {n}, labels), gzip);
    }
}
