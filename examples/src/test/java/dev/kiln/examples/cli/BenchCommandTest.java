package dev.kiln.examples.cli;

import dev.kiln.examples.KilnCli;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kiln bench}: group validation and the figure line format on the reference backend. */
class BenchCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return KilnCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void unknownGroupIsAUsageErrorNamingTheValidOnes() {
        assertEquals(2, run("bench", "--only", "overhead,gpu"));
        assertTrue(err.toString().contains("[gpu]") && err.toString().contains("gemm, conv, elementwise, softmax, overhead, quickstart, lenet"),
                err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void overheadPrintsItsTwoFiguresForTheSelectedBackend() {
        String previous = System.getProperty("kiln.bench.warmup");
        System.setProperty("kiln.bench.warmup", "0.1");
        try {
            assertEquals(0, run("bench", "--backend", "ref", "--only", "overhead"), err.toString());
        } finally {
            if (previous == null) System.clearProperty("kiln.bench.warmup");
            else System.setProperty("kiln.bench.warmup", previous);
        }
        String[] lines = out.toString().strip().split("\\R");
        assertEquals(2, lines.length, out.toString());
        assertTrue(lines[0].matches("tiny_add ref [0-9.e+-]+ us"), lines[0]);
        assertTrue(lines[1].matches("linear10_step ref [0-9.e+-]+ us"), lines[1]);
    }
}
