package dev.kiln.examples.cli;

import dev.kiln.examples.KilnCli;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line's parsing, help and exit codes (no runtime needed). */
class KilnCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return KilnCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void helpListsTheSubcommandsAndExitsZero() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("tour"), out.toString());
        assertTrue(out.toString().contains("plugins"), out.toString());
        assertTrue(out.toString().contains("--plugins=DIR"), out.toString());
        assertTrue(out.toString().contains("--backend=NAME"), out.toString());
    }

    @Test
    void versionNamesKilnAndJava() {
        assertEquals(0, run("--version"));
        assertTrue(out.toString().startsWith("kiln " + VersionProvider.kilnVersion() + " (api "), out.toString());
        assertTrue(!VersionProvider.kilnVersion().equals("unknown") && !VersionProvider.kilnVersion().contains("${"),
                VersionProvider.kilnVersion());
        assertTrue(out.toString().contains("Java " + Runtime.version()), out.toString());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("no-such-command"));
        assertTrue(err.toString().contains("no-such-command"), err.toString());
        assertEquals(2, run());
        assertTrue(err.toString().contains("Missing required subcommand"), err.toString());
        assertEquals(2, run("tour", "--no-such-option"));
        assertEquals(2, run("plugins", "--plugins"));
    }

    @Test
    void pluginsReportsTheFolderTheBackendsAndTheSelection(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("not-a-plugin.jar"), "garbage");
        assertEquals(0, run("plugins", "--plugins", dir.toString()));
        String report = out.toString();
        assertTrue(report.contains("Plugins folder: " + dir), report);
        assertTrue(report.contains("not-a-plugin.jar"), report);
        assertTrue(report.contains("INVALID"), report);
        assertTrue(report.contains("cpu   -> ref"), report);
    }

    @Test
    void subcommandHelpExitsZero() {
        assertEquals(0, run("tour", "--help"));
        assertTrue(out.toString().contains("Usage: kiln tour"), out.toString());
    }

    @Test
    void runtimeOptionsWorkBeforeAndAfterTheSubcommand() {
        CommandLine before = KilnCli.commandLine(new PrintWriter(out), new PrintWriter(err));
        before.parseArgs("--plugins", "some/dir", "--backend", "ref", "plugins");
        KilnCli top = before.getCommand();
        assertEquals(Path.of("some/dir"), top.pluginsDir());
        assertEquals("ref", top.backend());

        CommandLine after = KilnCli.commandLine(new PrintWriter(out), new PrintWriter(err));
        after.parseArgs("tour", "--backend", "simd", "--plugins", "p");
        KilnCli top2 = after.getCommand();
        assertEquals(Path.of("p"), top2.pluginsDir());
        assertEquals("simd", top2.backend());

        CommandLine none = KilnCli.commandLine(new PrintWriter(out), new PrintWriter(err));
        none.parseArgs("tour");
        KilnCli top3 = none.getCommand();
        assertNull(top3.pluginsDir());
        assertNull(top3.backend());
    }

    @Test
    void describeJoinsCausesWithoutRepeating() {
        RuntimeException wrapped = new RuntimeException(new IllegalStateException("no backend available for cpu"));
        assertEquals("no backend available for cpu", KilnCli.describe(wrapped));
        IllegalArgumentException chained = new IllegalArgumentException("plugin 'x' failed",
                new IllegalStateException("start threw"));
        assertEquals("plugin 'x' failed: start threw", KilnCli.describe(chained));
        assertEquals("ExceptionInInitializerError", KilnCli.describe(new ExceptionInInitializerError()));
    }
}
