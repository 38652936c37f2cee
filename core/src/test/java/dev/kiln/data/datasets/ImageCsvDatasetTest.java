package dev.kiln.data.datasets;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.data.Batch;
import dev.kiln.data.DataLoader;
import dev.kiln.data.Sample;
import dev.kiln.data.transforms.Lambda;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageCsvDatasetTest {
    @TempDir
    Path dir;

    /** A w×h grayscale image with pixel (x, y) = 10x + y. */
    private Path gray(String name, int w, int h, String format) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.getRaster().setSample(x, y, 0, 10 * x + y);
        Path p = dir.resolve(name);
        assertTrue(ImageIO.write(img, format, p.toFile()));
        return p;
    }

    /** A w×h RGB image with pixel (x, y) = (x, y, 200). */
    private Path rgb(String name, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, (x << 16) | (y << 8) | 200);
        Path p = dir.resolve(name);
        assertTrue(ImageIO.write(img, "png", p.toFile()));
        return p;
    }

    @Test
    void readsGrayAndColourPngsAsReadImage() throws IOException {
        gray("a.png", 4, 3, "png");
        rgb("b.png", 2, 2);
        Files.writeString(dir.resolve("labels.csv"), "a.png, 0\nb.png, 7\n");
        var ds = ImageCsvDataset.of(dir.resolve("labels.csv"), dir);
        assertEquals(2, ds.size());
        Sample<Tensor, Long> a = ds.get(0);
        assertEquals(DType.UINT8, a.input().dtype());
        assertArrayEquals(new int[] {1, 3, 4}, a.input().shape());
        assertArrayEquals(new long[] {0, 10, 20, 30, 1, 11, 21, 31, 2, 12, 22, 32}, a.input().toLongArray());
        assertEquals(0L, a.target());
        Sample<Tensor, Long> b = ds.get(1);
        assertArrayEquals(new int[] {3, 2, 2}, b.input().shape());
        // channel planes: R = x, G = y, B = 200
        assertArrayEquals(new long[] {0, 1, 0, 1, 0, 0, 1, 1, 200, 200, 200, 200}, b.input().toLongArray());
        assertEquals(7L, b.target());
    }

    @Test
    void readsAJpegWithinItsLossiness() throws IOException {
        gray("c.jpg", 8, 8, "jpg");
        Files.writeString(dir.resolve("labels.csv"), "file,label\nc.jpg,3\n"); // with a header row
        var ds = ImageCsvDataset.of(dir.resolve("labels.csv"), dir);
        assertEquals(1, ds.size());
        Tensor img = ds.get(0).input();
        assertArrayEquals(new int[] {1, 8, 8}, img.shape());
        long[] v = img.toLongArray();
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) assertEquals(10 * x + y, v[y * 8 + x], 8, "pixel (" + x + ", " + y + ")");
        }
        assertEquals(3L, ds.get(0).target());
    }

    @Test
    void transformsAndALoaderWork() throws IOException {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            gray("img" + i + ".png", 5, 5, "png");
            csv.append("\"img").append(i).append(".png\",").append(i % 2).append('\n');
        }
        Files.writeString(dir.resolve("labels.csv"), csv);
        var ds = ImageCsvDataset.of(dir.resolve("labels.csv"), dir,
                new Lambda<Tensor, Tensor>(t -> t.toFloat().div(255)), (Long y) -> y * 10);
        assertEquals(10L, ds.get(1).target());
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (var loader = DataLoader.builder(ds).batchSize(4).workers(2).build()) {
                List<Batch> batches = new java.util.ArrayList<>();
                loader.forEach(batches::add);
                assertArrayEquals(new int[] {4, 1, 5, 5}, batches.get(0).input().shape());
                assertArrayEquals(new long[] {0, 10, 0, 10}, batches.get(0).target().toLongArray());
                assertEquals(2, batches.get(1).size());
            }
        });
    }

    @Test
    void errorsNameTheLineAndTheFile() throws IOException {
        Files.writeString(dir.resolve("bad.csv"), "a.png,0\nb.png,x\n");
        var e = assertThrows(IllegalArgumentException.class, () -> ImageCsvDataset.of(dir.resolve("bad.csv"), dir));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("'x'"), e.getMessage());
        Files.writeString(dir.resolve("one.csv"), "onlyname\n");
        var f = assertThrows(IllegalArgumentException.class, () -> ImageCsvDataset.of(dir.resolve("one.csv"), dir));
        assertTrue(f.getMessage().contains("line 1 has 1 field"), f.getMessage());
        Files.writeString(dir.resolve("missing.csv"), "nope.png,1\n");
        var ds = ImageCsvDataset.of(dir.resolve("missing.csv"), dir);
        var m = assertThrows(UncheckedIOException.class, () -> ds.get(0));
        assertTrue(m.getMessage().contains("nope.png"), m.getMessage());
        Files.writeString(dir.resolve("text.png"), "not an image");
        Files.writeString(dir.resolve("text.csv"), "text.png,1\n");
        var t = assertThrows(UncheckedIOException.class, () -> ImageCsvDataset.of(dir.resolve("text.csv"), dir).get(0));
        assertTrue(t.getMessage().contains("text.png") && t.getMessage().contains("not an image format"), t.getMessage());
    }

    @Test
    void csvSplitting() {
        assertEquals(List.of("a, b.png", "3"), ImageCsvDataset.splitCsv("\"a, b.png\", 3"));
        assertEquals(List.of("say \"hi\".png", "1"), ImageCsvDataset.splitCsv("\"say \"\"hi\"\".png\",1"));
    }
}
