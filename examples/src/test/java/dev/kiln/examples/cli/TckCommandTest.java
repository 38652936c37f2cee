package dev.kiln.examples.cli;

import dev.kiln.examples.KilnCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kiln tck} end to end: the lines, the closing line, the exit code and the report files. */
class TckCommandTest {

    private static final Pattern CLOSING = Pattern.compile("(\\d+) passed, (\\d+) failed, (\\d+) unsupported");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return KilnCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private List<String> lines() {
        return out.toString().lines().toList();
    }

    private static String builtIn(String file) throws IOException {
        try (InputStream in = TckCommandTest.class.getResourceAsStream("/golden/" + file)) {
            assertNotNull(in, "built-in case " + file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The closing line: the last line, the only one of its form; returns its three counts. */
    private int[] closing() {
        List<String> lines = lines();
        assertFalse(lines.isEmpty(), err.toString());
        assertEquals(1, lines.stream().filter(l -> CLOSING.matcher(l).matches()).count(), out.toString());
        Matcher m = CLOSING.matcher(lines.get(lines.size() - 1));
        assertTrue(m.matches(), "last line: " + lines.get(lines.size() - 1));
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
    }

    /** passed, failed (failures + errors), unsupported (skipped) summed over the JUnit XML files of a report. */
    private static int[] xmlCounts(Path report) throws Exception {
        int[] sum = new int[3];
        try (Stream<Path> files = Files.list(report)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".xml")).toList()) {
                Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f.toFile());
                Element suite = doc.getDocumentElement();
                assertEquals("testsuite", suite.getTagName(), f.toString());
                int tests = Integer.parseInt(suite.getAttribute("tests"));
                int failed = Integer.parseInt(suite.getAttribute("failures")) + Integer.parseInt(suite.getAttribute("errors"));
                int skipped = Integer.parseInt(suite.getAttribute("skipped"));
                assertEquals(tests, doc.getElementsByTagName("testcase").getLength(), f.toString());
                sum[0] += tests - failed - skipped;
                sum[1] += failed;
                sum[2] += skipped;
            }
        }
        return sum;
    }

    @Test
    void helpNamesTheOptions() {
        assertEquals(0, run("tck", "--help"));
        assertTrue(out.toString().contains("Usage: kiln tck"), out.toString());
        assertTrue(out.toString().contains("--golden=DIR"), out.toString());
        assertTrue(out.toString().contains("--report=DIR"), out.toString());
        assertTrue(out.toString().contains("NAME|all"), out.toString());
    }

    @Test
    void aReportPathThatIsAFileIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("report.txt"), "not a folder");
        assertEquals(2, run("tck", "--backend", "ref", "--report", file.toString()));
        assertTrue(err.toString().contains("--report " + file + " is a file, not a folder"), err.toString());
        assertEquals("not a folder", Files.readString(file));
    }

    @Test
    void anUnknownBackendIsAUsageError() {
        assertEquals(2, run("tck", "--backend", "no-such-backend"));
        assertTrue(err.toString().contains("--backend no-such-backend: no such backend; available: ref"), err.toString());
    }

    @Test
    void failingAndBrokenCasesAreLinedCountedAndReported() throws Exception {
        Path cases = Files.createDirectory(dir.resolve("cases"));
        String good = builtIn("mul_same_f64.json");
        Files.writeString(cases.resolve("good.json"), good);
        // a wrong truth: the first output value is off by one
        String wrong = good.replace("\"name\":\"mul_same_f64\"", "\"name\":\"wrong\"")
                .replaceFirst("(\"output\":\\{[^}]*\"data\":\\[)([-0-9.eE]+)", "$1123.5");
        Files.writeString(cases.resolve("wrong.json"), wrong);
        Files.writeString(cases.resolve("broken.json"), good.replace("\"schema\":\"golden/1\"", "\"schema\":\"golden/7\"")
                .replace("\"name\":\"mul_same_f64\"", "\"name\":\"broken\""));
        Path report = dir.resolve("new/report");

        assertEquals(1, run("tck", "--backend", "ref", "--golden", cases.toString(), "--report", report.toString()));
        List<String> lines = lines();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ERROR - golden-files " + cases.resolve("broken.json")
                + " (-): " + cases.resolve("broken.json") + ": schema: expected \"golden/1\"")), out.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("FAIL ref golden wrong (mul): output: 1 of ")), out.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains(" golden mul_same_f64 ")), "the good case passes: " + out);

        int[] counts = closing();
        assertTrue(counts[1] >= 2, out.toString());
        assertTrue(Files.isDirectory(report), "--report creates the folder");
        assertTrue(Files.exists(report.resolve("TEST-kiln-tck.ref.golden.xml")));
        assertTrue(Files.exists(report.resolve("TEST-kiln-tck.ref.gradcheck.xml")));
        assertTrue(Files.exists(report.resolve("TEST-kiln-tck.ref.gradgradcheck.xml")));
        assertTrue(Files.exists(report.resolve("TEST-kiln-tck.-.golden-files.xml")));
        assertEquals(Arrays.toString(counts), Arrays.toString(xmlCounts(report)), "the closing line and the XML agree");
        String table = Files.readString(report.resolve("tck-report.md"));
        assertTrue(table.contains("**" + lines.get(lines.size() - 1) + "**"), table);
        assertTrue(table.contains("## golden\n\n| op | ref |\n|---|---|\n| mul | 1 / 1 · abs "), table);
        // every line but the closing one is a case that did not pass
        List<String> caseLines = new ArrayList<>(lines.subList(0, lines.size() - 1));
        assertEquals(counts[1] + counts[2], caseLines.size(), out.toString());
    }

    @Test
    void everyCasePassingExitsZero() throws Exception {
        Path cases = Files.createDirectory(dir.resolve("cases"));
        Files.writeString(cases.resolve("a.json"), builtIn("mul_same_f64.json"));
        Files.writeString(cases.resolve("b.json"), builtIn("exp.json"));
        int code = run("tck", "--backend", "ref", "--golden", cases.toString());
        int[] counts = closing();
        assertEquals(0, counts[1], out.toString());
        assertEquals(0, code, out.toString());
        assertEquals(List.of(lines().get(lines().size() - 1)), lines().stream().filter(l -> !l.startsWith("UNSUPPORTED")).toList());
    }

    @Test
    void allRunsEveryAvailableBackendWithTheCrossComparison() throws Exception {
        String plugins = System.getProperty("kiln.test.plugins");
        assertNotNull(plugins, "kiln.test.plugins: run through Maven");
        Path cases = Files.createDirectory(dir.resolve("cases"));
        Files.writeString(cases.resolve("a.json"), builtIn("add_bcast.json"));
        Path report = dir.resolve("report");
        run("--plugins", plugins, "tck", "--backend", "all", "--golden", cases.toString(), "--report", report.toString());
        int[] counts = closing();
        assertEquals(Arrays.toString(counts), Arrays.toString(xmlCounts(report)));
        for (String f : List.of("ref.golden", "ref.gradcheck", "counting.golden", "counting.gradcheck",
                "counting.gradgradcheck", "counting.cross-backend")) {
            assertTrue(Files.exists(report.resolve("TEST-kiln-tck." + f + ".xml")), f);
        }
        assertFalse(Files.exists(report.resolve("TEST-kiln-tck.ref.cross-backend.xml")), "ref is the oracle");
        String table = Files.readString(report.resolve("tck-report.md"));
        assertTrue(table.contains("## cross-backend\n\n| op | counting |"), table);
        assertTrue(table.contains("| op | ref | counting |"), table);
    }
}
