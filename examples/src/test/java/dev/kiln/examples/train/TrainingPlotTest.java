package dev.kiln.examples.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plot is a readable PNG; the progress bar draws its task, count and loss. */
class TrainingPlotTest {

    @TempDir
    Path dir;

    @Test
    void writesAPng() throws IOException {
        Path png = dir.resolve("plots/curves.png");
        TrainingPlot.write(List.of(new EpochResult(1, 2.2, 2.1, 0.45, 1), new EpochResult(2, 1.8, 1.7, 0.6, 1)), "run", png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(800, img.getWidth());
        assertEquals(500, img.getHeight());
    }

    @Test
    void theBarShowsProgressAndLoss() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var bar = ProgressBars.bar("Epoch 1", 3, new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            for (int i = 0; i < 3; i++) bar.step(1.25);
        }
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(drawn.contains("Epoch 1"), drawn);
        assertTrue(drawn.contains("3/3"), drawn);
        assertTrue(drawn.contains("loss 1.2500"), drawn);
    }
}
