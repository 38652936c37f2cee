package dev.kiln.examples.lenet;

import dev.kiln.Tensor;
import dev.kiln.data.datasets.ClasspathFolder;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A short LeNet run on the shipped subset: the model print, the quickstart's lines, the padding. */
class LeNetTrainingTest {

    @Test
    void shortRunOnTheShippedSubset() {
        Path subset = ClasspathFolder.find(LeNetTraining.class, LeNetTraining.SUBSET).orElseThrow();
        StringWriter s = new StringWriter();
        LeNetTraining.Result r = LeNetTraining.run(new PrintWriter(s), new LeNetTraining.Options(subset, 1, 32, 4, 0, 1));
        String out = s.toString();
        assertTrue(out.contains("""
                Net(
                  (conv1): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))
                  (conv2): Conv2d(6, 16, kernel_size=(5, 5), stride=(1, 1))
                  (fc1): Linear(in_features=400, out_features=120, bias=True)
                  (fc2): Linear(in_features=120, out_features=84, bias=True)
                  (fc3): Linear(in_features=84, out_features=10, bias=True)
                )
                Epoch 1
                -------------------------------
                loss: """), out);
        assertTrue(out.matches("(?s).*\\[   32/  128\\]\n.*"), out);
        assertTrue(out.matches("(?s).*Test Error: \n Accuracy: \\d+\\.\\d%, Avg loss: \\d+\\.\\d{6} \n.*"), out);
        assertEquals(4, r.steps());
        assertTrue(r.avgLoss() > 0 && Double.isFinite(r.avgLoss()), out);
        assertTrue(r.accuracy() >= 0 && r.accuracy() <= 1, out);
    }

    @Test
    void padsTwoZerosOnEverySide() {
        Tensor img = Tensor.ones(1, 28, 28);
        Tensor p = LeNetTraining.pad2(img);
        assertArrayEquals(new int[] {1, 32, 32}, p.shape());
        assertEquals(28 * 28, p.sum().item());
        assertEquals(0.0, p.select(1, 1).sum().item());
        assertEquals(28.0, p.select(1, 2).sum().item());
        assertEquals(0.0, p.select(2, 30).sum().item());
    }
}
