package dev.kiln.examples.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CustomDatasetExampleTest {
    @TempDir
    Path dir;

    @Test
    void printsTheTutorialsLinesForImagesItWrote() throws IOException {
        StringWriter buf = new StringWriter();
        long label = new CustomDatasetExample(dir, null, 100, 0).run(new PrintWriter(buf, true));
        String out = buf.toString();
        assertTrue(out.contains("Feature batch shape: torch.Size([64, 1, 28, 28])\n"), out);
        assertTrue(out.contains("Labels batch shape: torch.Size([64])\n"), out);
        assertTrue(out.contains("Label: " + label + " ("), out);
        assertTrue(label >= 0 && label < 10, "label " + label);
        List<String> rows = Files.readAllLines(dir.resolve("annotations.csv"));
        assertEquals(100, rows.size());
        // Fashion-MNIST's first training image is an ankle boot (label 9), in the full set and the subset alike
        assertEquals("ankleboot1.png, 9", rows.getFirst());
        try (var files = Files.list(dir)) {
            assertEquals(100, files.filter(f -> f.toString().endsWith(".png")).count());
        }
        // the same seed prints the same label; the image has 28 text rows of 56 characters
        assertEquals(label, new CustomDatasetExample(dir.resolve("again"), null, 100, 0).run(new PrintWriter(new StringWriter())));
        assertTrue(out.lines().filter(l -> l.length() == 56).count() >= 28, out);
    }

    @Test
    void theShippedSubsetLoadsFromTheClassPath() {
        var root = dev.kiln.data.datasets.ClasspathFolder.find(CustomDatasetExample.class, "/fashion-mnist-subset").orElseThrow();
        var train = dev.kiln.data.datasets.FashionMnist.builder().root(root).train(true).build();
        var test = dev.kiln.data.datasets.FashionMnist.builder().root(root).train(false).build();
        assertEquals(2000, train.size());
        assertEquals(500, test.size());
        // the first labels of the canonical splits (see core/src/test/python/fashion_mnist_figures.py)
        long[] first = new long[10];
        for (int i = 0; i < 10; i++) first[i] = train.label(i);
        assertEquals(List.of(9L, 0L, 0L, 3L, 0L, 2L, 7L, 2L, 5L, 5L), java.util.Arrays.stream(first).boxed().toList());
        assertEquals(9, test.label(0));
        assertEquals(76247, train.get(0).input().toLong().sum().itemLong());
        assertEquals(33456, test.get(0).input().toLong().sum().itemLong());
    }
}
