package dev.kiln.examples.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Where the Fashion-MNIST files come from, in order: the folder given ({@code --data DIR}); else the Debian
 * package's folder {@code /usr/share/datasets/fashion-mnist}; else the small real subset shipped inside the
 * examples (the first training and test images of Fashion-MNIST), copied out of the class path into a
 * temporary folder. Each answer says which it is, so the command can tell the user.
 */
public final class DataLocator {
    private DataLocator() {}

    /** The Debian package's folder ({@code dataset-fashion-mnist}). */
    public static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");
    /** The class path folder of the shipped subset. */
    public static final String SUBSET_RESOURCE = "fashion-mnist-subset/";
    /** The four IDX files every source must have (gzip-compressed, as distributed). */
    public static final List<String> FILES = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    /**
     * A place to read the dataset from.
     *
     * @param root        the folder holding the IDX files
     * @param description what it is, for the user: {@code "Fashion-MNIST from /usr/share/datasets/fashion-mnist"}
     * @param subset      whether it is the shipped subset
     */
    public record Source(Path root, String description, boolean subset) {}

    /**
     * Finds the data.
     *
     * @param given {@code --data DIR}, or null
     * @throws IllegalArgumentException when {@code given} lacks the files (naming the missing ones)
     */
    public static Source locate(Path given) {
        if (given != null) {
            List<String> missing = missing(given);
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("--data " + given + ": missing " + String.join(", ", missing)
                        + " (the Fashion-MNIST IDX files, gzip or raw)");
            }
            return new Source(given, "Fashion-MNIST from " + given, false);
        }
        if (missing(DEBIAN).isEmpty()) return new Source(DEBIAN, "Fashion-MNIST from " + DEBIAN, false);
        return new Source(extractSubset(), "the Fashion-MNIST subset shipped with Kiln (" + DEBIAN
                + " not found; install the Debian package dataset-fashion-mnist or pass --data DIR for the full dataset)", true);
    }

    /** The files of {@link #FILES} absent from {@code dir}, accepting the raw (not gzipped) names too. */
    static List<String> missing(Path dir) {
        return FILES.stream().filter(f -> !Files.isRegularFile(dir.resolve(f))
                && !Files.isRegularFile(dir.resolve(f.substring(0, f.length() - 3)))).toList();
    }

    /** Copies the shipped subset out of the class path into a new temporary folder. */
    static Path extractSubset() {
        try {
            Path dir = Files.createTempDirectory("kiln-fashion-mnist-subset");
            dir.toFile().deleteOnExit();
            for (String f : FILES) {
                try (InputStream in = DataLocator.class.getClassLoader().getResourceAsStream(SUBSET_RESOURCE + f)) {
                    if (in == null) {
                        throw new IllegalStateException("no Fashion-MNIST data: " + DEBIAN + " is missing (apt-get install "
                                + "dataset-fashion-mnist), no --data DIR was given, and the shipped subset lacks " + SUBSET_RESOURCE + f);
                    }
                    Path out = dir.resolve(f);
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    out.toFile().deleteOnExit();
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the shipped Fashion-MNIST subset to a temporary folder", e);
        }
    }
}
