package dev.kiln.plugins.simd;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real probe in a JVM started without {@code --add-modules jdk.incubator.vector}: unavailable,
 * with the reason and the flag to add, and no linkage error (the provider touches no vector class
 * before it has found the module). With the flag, the same program finds it available.
 */
class ProbeWithoutVectorModuleTest {

    @Test
    void unavailableWithTheReasonWhenTheModuleIsNotAdded() throws Exception {
        assertEquals("false|jdk.incubator.vector is not readable: run with --add-modules jdk.incubator.vector",
                run(List.of()));
    }

    @Test
    void availableWhenTheModuleIsAdded() throws Exception {
        String line = run(List.of("--add-modules", "jdk.incubator.vector"));
        assertTrue(line.startsWith("true|FloatVector.SPECIES_"), line);
    }

    private static String run(List<String> flags) throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(javaBin));
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", cp, ProbeMain.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe program did not finish");
        assertEquals(0, p.exitValue(), "the probe program failed: " + out);
        String[] lines = out.split("\\R");
        return lines[lines.length - 1];
    }
}
