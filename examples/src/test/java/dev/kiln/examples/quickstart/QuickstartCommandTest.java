package dev.kiln.examples.quickstart;

import dev.kiln.Kiln;
import dev.kiln.Tensor;
import dev.kiln.examples.KilnCli;
import dev.kiln.examples.train.DataLocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kiln quickstart} on the Fashion-MNIST subset shipped with the examples (so it runs on a machine
 * without the dataset): one epoch on the first 1,000 training images; PyTorch's lines, the saved and
 * reloaded model, the predictions and the plot.
 */
class QuickstartCommandTest {

    @TempDir
    Path out;

    static Path subset() throws URISyntaxException {
        return Path.of(QuickstartCommandTest.class.getClassLoader().getResource(DataLocator.SUBSET_RESOURCE).toURI());
    }

    @Test
    void oneEpochOnTheShippedSubset() throws Exception {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = KilnCli.execute(new String[]{"quickstart", "--epochs", "1", "--data", subset().toString(),
                "--out", out.toString(), "--train-samples", "1000", "--test-samples", "200", "--no-progress"},
                new PrintWriter(o, true), new PrintWriter(e, true));
        String text = o.toString();
        assertEquals(0, code, text + e);
        assertTrue(text.startsWith("Using Fashion-MNIST from " + subset() + ": 1000 training and 200 test images\n"), text);
        assertTrue(text.contains("Shape of X [N, C, H, W]: torch.Size([64, 1, 28, 28])\nShape of y: torch.Size([64]) torch.int64\n"), text);
        assertTrue(text.contains("""
                NeuralNetwork(
                  (flatten): Flatten(start_dim=1, end_dim=-1)
                  (linear_relu_stack): Sequential(
                    (0): Linear(in_features=784, out_features=512, bias=True)
                    (1): ReLU()
                    (2): Linear(in_features=512, out_features=512, bias=True)
                    (3): ReLU()
                    (4): Linear(in_features=512, out_features=10, bias=True)
                  )
                )
                Epoch 1
                -------------------------------
                loss: """), text);
        // PyTorch's formats: the first batch's loss near ln(10), 64 of 1000 seen
        Matcher first = Pattern.compile("loss: (\\d\\.\\d{6})  \\[   64/ 1000]\n").matcher(text);
        assertTrue(first.find(), text);
        assertEquals(Math.log(10), Double.parseDouble(first.group(1)), 0.1);
        Matcher test = Pattern.compile("Test Error: \n Accuracy: (\\d+\\.\\d)%, Avg loss: (\\d\\.\\d{6}) \n\nepoch 1 time: \\d+\\.\\d s\nDone!\n")
                .matcher(text);
        assertTrue(test.find(), text);
        assertTrue(Double.parseDouble(test.group(2)) < Math.log(10), "the test loss fell below chance level: " + text);

        Path weights = out.resolve("model.safetensors");
        assertTrue(text.contains("Saved Kiln Model State to " + weights + "\n"), text);
        Map<String, Tensor> sd = Kiln.load(weights);
        assertEquals(List.of("linear_relu_stack.0.weight", "linear_relu_stack.0.bias", "linear_relu_stack.2.weight",
                "linear_relu_stack.2.bias", "linear_relu_stack.4.weight", "linear_relu_stack.4.bias"), List.copyOf(sd.keySet()));
        assertArrayEquals(new int[]{512, 784}, sd.get("linear_relu_stack.0.weight").shape());

        // the first five test images of Fashion-MNIST are an ankle boot, a pullover, two trousers and a shirt
        Matcher pred = Pattern.compile("Predicted: \"([^\"]+)\", Actual: \"([^\"]+)\"\n").matcher(text);
        List<String> actual = pred.results().map(m -> m.group(2)).toList();
        assertEquals(List.of("Ankle boot", "Pullover", "Trouser", "Trouser", "Shirt"), actual);

        Path png = out.resolve("quickstart.png");
        assertTrue(text.endsWith("Saved the loss and accuracy plot to " + png + "\n"), text);
        assertNotNull(ImageIO.read(png.toFile()));
    }

    @Test
    void aDataFolderWithoutTheFilesIsNamed() throws Exception {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = KilnCli.execute(new String[]{"quickstart", "--data", out.toString(), "--out", out.toString()},
                new PrintWriter(o, true), new PrintWriter(e, true));
        assertEquals(1, code);
        assertTrue(e.toString().contains("--data " + out + ": missing train-images-idx3-ubyte.gz"), e.toString());
        assertTrue(Files.notExists(out.resolve("model.safetensors")));
    }
}
