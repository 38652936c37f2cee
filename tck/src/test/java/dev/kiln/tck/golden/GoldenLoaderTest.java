package dev.kiln.tck.golden;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link GoldenLoader}: the built-in suite, and bad files reported with path and field while the rest load. */
class GoldenLoaderTest {

    @TempDir
    Path dir;

    static String builtIn(String file) throws IOException {
        try (InputStream in = GoldenLoaderTest.class.getResourceAsStream("/golden/" + file)) {
            assertNotNull(in, "built-in case " + file);
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void builtInSuiteLoadsWithoutErrors() {
        GoldenLoader.Result r = GoldenLoader.loadBuiltIn();
        assertEquals(List.of(), r.errors());
        assertFalse(r.cases().isEmpty());
        for (GoldenCase c : r.cases()) {
            assertTrue(GoldenOps.OPS.contains(c.op()), c + ": op not mapped");
            assertTrue(c.source().endsWith(".json"), c.source());
        }
    }

    @Test
    void parsesEveryField() {
        GoldenCase c = GoldenLoader.loadBuiltIn().cases().stream()
                .filter(x -> x.op().equals("matmul") && x.inputs().get(1).view() != null).findFirst().orElseThrow();
        GoldenCase.Input other = c.inputs().get(1);
        assertEquals(GoldenCase.View.Kind.TRANSPOSE, other.view().kind());
        assertArrayEquals(new int[] {0, 1}, other.view().dims());
        assertTrue(other.requiresGrad());
        assertEquals(other.stored().shape()[0] * other.stored().shape()[1], other.stored().data().length);
        assertNotNull(c.gradOutput());
        assertEquals(2, c.grads().size());
        assertTrue(c.tolerance().rtol() > 0);

        GoldenCase sum = GoldenLoader.loadBuiltIn().cases().stream()
                .filter(x -> x.op().equals("sum") && x.kwargs().isList("dim")).findFirst().orElseThrow();
        assertTrue(sum.kwargs().bool("sum", "keepdim", false));
        assertEquals(2, sum.kwargs().intList("sum", "dim").length);
    }

    @Test
    void badFilesAreReportedWithPathAndFieldAndTheRestStillLoad() throws IOException {
        String good = builtIn("add_same.json");
        Files.writeString(dir.resolve("a_good.json"), good);
        Files.writeString(dir.resolve("b_malformed.json"), good.substring(0, good.length() / 2));
        // schema break: one value fewer than the shape needs
        Files.writeString(dir.resolve("c_short_data.json"),
                good.replaceFirst("\"data\":\\[([-0-9.eE]+),", "\"data\":[").replace("\"name\":\"add_same\"", "\"name\":\"short\""));
        Files.writeString(dir.resolve("d_bad_dtype.json"),
                good.replaceFirst("\"dtype\":\"float32\"", "\"dtype\":\"float128\"").replace("\"name\":\"add_same\"", "\"name\":\"d\""));
        Files.writeString(dir.resolve("e_duplicate_name.json"), good);
        Files.writeString(dir.resolve("f_wrong_schema.json"), good.replace("golden/1", "golden/9").replace("\"name\":\"add_same\"", "\"name\":\"f\""));
        Files.writeString(dir.resolve("notes.txt"), "not a case");

        GoldenLoader.Result r = GoldenLoader.load(dir);
        assertEquals(1, r.cases().size(), r.errors().toString());
        assertEquals("add_same", r.cases().get(0).name());
        assertEquals(5, r.errors().size(), r.errors().toString());

        GoldenLoader.LoadError malformed = error(r, "b_malformed.json");
        assertEquals("", malformed.field());
        assertTrue(malformed.message().contains("not valid JSON"), malformed.message());

        GoldenLoader.LoadError shortData = error(r, "c_short_data.json");
        assertEquals("inputs[0].data", shortData.field());
        assertTrue(shortData.message().contains("has 11 values but shape [3, 4] needs 12"), shortData.message());

        GoldenLoader.LoadError dtype = error(r, "d_bad_dtype.json");
        assertEquals("inputs[0].dtype", dtype.field());
        assertTrue(dtype.message().contains("float128"), dtype.message());

        GoldenLoader.LoadError dup = error(r, "e_duplicate_name.json");
        assertEquals("name", dup.field());
        assertTrue(dup.message().contains("a_good.json"), dup.message());

        assertEquals("schema", error(r, "f_wrong_schema.json").field());
    }

    @Test
    void schemaChecksOnViewsGradsAndTolerance() throws IOException {
        String good = builtIn("matmul_transposed.json");
        write("v1.json", good.replace("{\"transpose\":[0,1]}", "{\"transpose\":[0,5]}"));
        write("v2.json", good.replace("{\"transpose\":[0,1]}", "{\"flip\":[0]}"));
        write("g1.json", good.replace("\"grads\":{\"input\"", "\"grads\":{\"nobody\""));
        write("t1.json", good.replaceFirst("\"rtol\":[0-9.eE-]+", "\"rtol\":-1"));
        GoldenLoader.Result r = GoldenLoader.load(dir);
        assertEquals(List.of(), r.cases());
        assertEquals("inputs[1].view.transpose", error(r, "v1.json").field());
        assertEquals("inputs[1].view", error(r, "v2.json").field());
        assertEquals("grads.nobody", error(r, "g1.json").field());
        assertEquals("tolerance.rtol", error(r, "t1.json").field());
    }

    @Test
    void minimalCaseWithoutGradients() throws IOException {
        write("x.json", """
                {"schema": "golden/1", "name": "tiny", "op": "neg",
                 "inputs": [{"name": "input", "dtype": "float64", "shape": [], "data": [2.5]}],
                 "output": {"dtype": "float64", "shape": [], "data": [-2.5]},
                 "tolerance": {"rtol": 0, "atol": 0}}
                """);
        GoldenLoader.Result r = GoldenLoader.load(dir);
        assertEquals(List.of(), r.errors());
        GoldenCase c = r.cases().get(0);
        assertNull(c.gradOutput());
        assertTrue(c.grads().isEmpty());
        assertFalse(c.inputs().get(0).requiresGrad());
        assertEquals(0, c.inputs().get(0).stored().shape().length);
    }

    @Test
    void loadsFromAJarOnTheClassPath() throws IOException {
        Path jar = dir.resolve("cases.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("golden/"));
            out.putNextEntry(new java.util.jar.JarEntry("golden/one.json"));
            out.write(builtIn("relu.json").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.putNextEntry(new java.util.jar.JarEntry("golden/broken.json"));
            out.write("{\"schema\": ".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        try (var loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, null)) {
            GoldenLoader.Result r = GoldenLoader.loadResources("golden", loader);
            assertEquals(1, r.cases().size());
            assertEquals("relu", r.cases().get(0).name());
            assertEquals(1, r.errors().size());
            assertTrue(r.errors().get(0).source().endsWith("golden/broken.json"), r.errors().toString());
        }
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text.replaceFirst("\"name\":\"[a-z0-9_]+\"", "\"name\":\"" + name + "\""));
    }

    private static GoldenLoader.LoadError error(GoldenLoader.Result r, String file) {
        return r.errors().stream().filter(e -> e.source().endsWith(file)).findFirst()
                .orElseThrow(() -> new AssertionError("no error reported for " + file + ": " + r.errors()));
    }
}
