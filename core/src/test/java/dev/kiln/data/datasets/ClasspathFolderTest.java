package dev.kiln.data.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClasspathFolderTest {
    @TempDir
    Path dir;

    @Test
    void aDatasetLoadsFromAFolderInsideAJar() throws Exception {
        Path files = dir.resolve("files");
        Files.createDirectories(files);
        MnistFiles.write(files, true, 6, true);
        Path jar = dir.resolve("data.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("subset/"));
            out.closeEntry();
            try (var list = Files.list(files)) {
                for (Path f : list.toList()) {
                    out.putNextEntry(new JarEntry("subset/" + f.getFileName()));
                    out.write(Files.readAllBytes(f));
                    out.closeEntry();
                }
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Path root = ClasspathFolder.find(loader, "subset").orElseThrow();
            assertEquals("jar", root.toUri().getScheme());
            var ds = FashionMnist.builder().root(root).build();
            assertEquals(6, ds.size());
            assertEquals(4L, ds.get(4).target());
        }
        assertTrue(ClasspathFolder.find(ClasspathFolderTest.class, "/no-such-folder").isEmpty());
    }

}
