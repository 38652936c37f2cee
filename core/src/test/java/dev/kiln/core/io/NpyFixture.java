package dev.kiln.core.io;

import dev.kiln.DType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One line of {@code npy/manifest.txt}: a {@code .npy} file written by NumPy
 * ({@code gen_npy_fixtures.py}) and what it holds.
 */
record NpyFixture(String file, DType dtype, boolean fortran, int[] shape, String[] values) {

    @Override
    public String toString() { return file; }

    /** Little-endian, C order: what Kiln itself writes. */
    boolean writtenLikeKiln() {
        return !fortran && !file.startsWith("be_") && !file.startsWith("v2_") && !file.startsWith("v3_");
    }

    Path path() {
        try {
            return Path.of(NpyFixture.class.getResource("/npy/" + file).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The values as double[], long[] or boolean[] per the dtype's kind. */
    Object javaValues() {
        return switch (dtype.kind()) {
            case FLOAT -> Arrays.stream(values).mapToDouble(Double::parseDouble).toArray();
            case INTEGER -> Arrays.stream(values).mapToLong(Long::parseLong).toArray();
            case BOOL -> {
                boolean[] b = new boolean[values.length];
                for (int i = 0; i < b.length; i++) b[i] = values[i].equals("True");
                yield b;
            }
        };
    }

    static List<NpyFixture> load() {
        try (InputStream in = NpyFixture.class.getResourceAsStream("/npy/manifest.txt")) {
            if (in == null) throw new IllegalStateException("npy/manifest.txt is not on the test class path");
            List<NpyFixture> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) continue;
                String[] f = line.split(" ");
                int[] shape = f[3].equals("-") ? new int[0]
                        : Arrays.stream(f[3].split(",")).mapToInt(Integer::parseInt).toArray();
                out.add(new NpyFixture(f[0], DType.fromTorchName(f[1]), f[2].equals("F"), shape,
                        Arrays.copyOfRange(f, 4, f.length)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
