package dev.kiln.data.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A folder of class path resources as a {@link Path}, whether it lies in a directory or inside a jar
 * (then on the jar's zip file system, opened once and kept open). It lets datasets read files shipped
 * with an application, such as the examples' Fashion-MNIST subset:
 * {@code FashionMnist.builder().root(ClasspathFolder.find(MyApp.class, "/fashion-mnist-subset").orElseThrow())}.
 */
public final class ClasspathFolder {
    private ClasspathFolder() {}

    /**
     * The resource folder {@code name} as seen from {@code anchor}'s class loader.
     *
     * @param anchor a class whose loader sees the folder
     * @param name   an absolute resource name ({@code "/fashion-mnist-subset"})
     * @return the folder, or empty when there is no such resource
     * @throws UncheckedIOException when the jar holding it cannot be opened
     */
    public static Optional<Path> find(Class<?> anchor, String name) {
        return at(anchor.getResource(name));
    }

    /**
     * The resource folder {@code name} as {@code loader} sees it.
     *
     * @param loader the class loader to ask
     * @param name   a resource name without a leading slash ({@code "fashion-mnist-subset"})
     * @return the folder, or empty when there is no such resource
     * @throws UncheckedIOException when the jar holding it cannot be opened
     */
    public static Optional<Path> find(ClassLoader loader, String name) {
        return at(loader.getResource(name));
    }

    private static Optional<Path> at(URL url) {
        if (url == null) return Optional.empty();
        try {
            URI uri = url.toURI();
            if (!"jar".equals(uri.getScheme())) return Optional.of(Path.of(uri));
            FileSystem fs;
            try {
                fs = FileSystems.newFileSystem(uri, Map.of());
            } catch (FileSystemAlreadyExistsException e) {
                fs = FileSystems.getFileSystem(uri);
            }
            String spec = uri.getSchemeSpecificPart();
            return Optional.of(fs.getPath(spec.substring(spec.indexOf("!/") + 1)));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("ClasspathFolder: resource URL " + url + " is not a URI", e);
        } catch (IOException e) {
            throw new UncheckedIOException("ClasspathFolder: cannot open the jar holding " + url + ": " + e.getMessage(), e);
        }
    }
}
