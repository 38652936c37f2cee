package dev.kiln.tck.golden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads golden cases: every {@code *.json} in a directory, or the built-in suite under the
 * class-path folder {@code golden/}. A file that does not parse or breaks the schema becomes a
 * {@link LoadError} naming its path and the offending field, and loading goes on with the rest;
 * nothing depends on the names or the number of files.
 */
public final class GoldenLoader {
    private GoldenLoader() {}

    /** The class-path folder of the built-in suite. */
    public static final String BUILT_IN = "golden";

    /**
     * A file that could not be loaded.
     *
     * @param source  its path or resource
     * @param field   the offending field's path ({@code inputs[0].shape}), or empty for the file as a whole
     * @param message the full message, naming source, field and problem
     */
    public record LoadError(String source, String field, String message) {
        @Override
        public String toString() { return message; }
    }

    /**
     * What a load produced.
     *
     * @param cases  the cases that loaded, ordered by file name
     * @param errors the files that did not
     */
    public record Result(List<GoldenCase> cases, List<LoadError> errors) {
        public Result {
            cases = List.copyOf(cases);
            errors = List.copyOf(errors);
        }
    }

    /** Loads every {@code *.json} directly in {@code dir}. */
    public static Result load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException("golden cases: " + dir + " is not a directory");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
                    .sorted().toList();
        }
        List<GoldenCase> cases = new ArrayList<>();
        List<LoadError> errors = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Path file : files) {
            String source = file.toString();
            try (InputStream in = Files.newInputStream(file)) {
                GoldenCase c = GoldenParser.parse(source, in);
                String first = seen.putIfAbsent(c.name(), source);
                if (first != null) {
                    errors.add(new LoadError(source, "name", source + ": name: case name '" + c.name()
                            + "' is already used by " + first));
                } else {
                    cases.add(c);
                }
            } catch (GoldenSchemaException e) {
                errors.add(new LoadError(e.source(), e.field(), e.getMessage()));
            } catch (IOException e) {
                errors.add(new LoadError(source, "", source + ": cannot be read: " + e));
            }
        }
        return new Result(cases, errors);
    }

    /** Loads the built-in suite from the class path ({@code golden/*.json}, in a folder or a jar). */
    public static Result loadBuiltIn() {
        return loadResources(BUILT_IN, GoldenLoader.class.getClassLoader());
    }

    /** Loads every {@code *.json} under a class-path folder, from a directory or a jar. */
    public static Result loadResources(String folder, ClassLoader loader) {
        URL url = loader.getResource(folder);
        if (url == null) {
            return new Result(List.of(), List.of(new LoadError(folder, "", "class-path folder '" + folder + "' not found")));
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                return load(fs.provider().getPath(uri));
            }
            return load(Path.of(uri));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("golden cases: bad resource URL " + url, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
