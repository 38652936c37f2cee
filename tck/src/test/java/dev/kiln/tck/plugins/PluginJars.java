package dev.kiln.tck.plugins;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Builds real PF4J plugin jars at test time: compiles Java sources held as strings (so the classes
 * are never on the test class path and never class-path extensions), then packs chosen packages
 * with a plugin MANIFEST and a hand-written {@code META-INF/extensions.idx}.
 */
final class PluginJars {
    private PluginJars() {}

    /** Compiles {@code sources} (fully qualified class name to source text) into {@code out}. */
    static Path compile(Map<String, String> sources, Path out) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) throw new IllegalStateException("no system Java compiler: run the tests on a JDK");
        Files.createDirectories(out);
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, text) -> units.add(new SimpleJavaFileObject(
                URI.create("string:///" + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) { return text; }
        }));
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> options = List.of("-proc:none", "-d", out.toString(), "-classpath", classpath, "-Xlint:none");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(null, files, diagnostics, options, null, units).call();
            if (!ok) {
                StringBuilder msg = new StringBuilder("fixture plugin sources do not compile:");
                for (Diagnostic<?> d : diagnostics.getDiagnostics()) msg.append('\n').append(d);
                throw new IllegalStateException(msg.toString());
            }
        }
        return out;
    }

    /** A plugin MANIFEST with the given {@code Plugin-*} entries (null values are left out). */
    static Manifest manifest(String id, String version, String requires, String pluginClass) {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (id != null) a.putValue("Plugin-Id", id);
        if (version != null) a.putValue("Plugin-Version", version);
        if (requires != null) a.putValue("Plugin-Requires", requires);
        if (pluginClass != null) a.putValue("Plugin-Class", pluginClass);
        a.putValue("Plugin-Provider", "Kiln tests");
        return m;
    }

    /**
     * Writes {@code jar} with {@code manifest}, the compiled classes of {@code packages} from
     * {@code classes}, and an extensions index listing {@code extensions}.
     */
    static Path jar(Path jar, Manifest manifest, Path classes, List<String> packages, List<String> extensions)
            throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
            if (!extensions.isEmpty()) {
                zip.putNextEntry(new JarEntry("META-INF/extensions.idx"));
                zip.write(String.join("\n", extensions).concat("\n").getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            for (String pkg : packages) {
                Path dir = classes.resolve(pkg.replace('.', '/'));
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                        zip.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                        zip.write(Files.readAllBytes(f));
                        zip.closeEntry();
                    }
                }
            }
        }
        return jar;
    }
}
