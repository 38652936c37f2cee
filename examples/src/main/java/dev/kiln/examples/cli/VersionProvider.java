package dev.kiln.examples.cli;

import dev.kiln.Kiln;
import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** {@code kiln --version}: the build's version (from a resource Maven filters), the api version and the JVM. */
public final class VersionProvider implements IVersionProvider {

    /** The Kiln version this jar was built as, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String kilnVersion() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/dev/kiln/examples/version.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("kiln --version: cannot read version.properties", e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {
                "kiln " + kilnVersion() + " (api " + Kiln.API_VERSION + ")",
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ", " + System.getProperty("java.home") + ")"
        };
    }
}
