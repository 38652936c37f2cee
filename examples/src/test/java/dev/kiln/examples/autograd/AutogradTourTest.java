package dev.kiln.examples.autograd;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The autograd tour prints what the tutorial (../shared/tutorials/001_*.txt) shows PyTorch printing. */
class AutogradTourTest {

    private static String tour() {
        StringWriter s = new StringWriter();
        AutogradTour.run(new PrintWriter(s), 0);
        return s.toString();
    }

    @Test
    void printsTheTutorialsValuesTreeAndGraph() {
        String out = tour();
        assertTrue(out.contains("> System.out.println(a.grad());   // dQ/da = 9a^2\ntensor([36., 81.])\n"), out);
        assertTrue(out.contains("\ntensor([-12.,  -8.])\n"), out);
        assertTrue(out.contains("\ntensor([True, True])\n> System.out.println(b.grad().eq(b.mul(-2)));\ntensor([True, True])\n"), out);
        assertTrue(out.contains("""
                Net(
                  (conv1): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))
                  (conv2): Conv2d(6, 16, kernel_size=(5, 5), stride=(1, 1))
                  (fc1): Linear(in_features=400, out_features=120, bias=True)
                  (fc2): Linear(in_features=120, out_features=84, bias=True)
                  (fc3): Linear(in_features=84, out_features=10, bias=True)
                )
                """), out);
        assertTrue(out.contains("\n10\n"), out);
        assertTrue(out.contains("\n[6, 1, 5, 5]\n"), out);
        assertTrue(out.contains("grad_fn=<AddmmBackward0>)\n"), out);
        assertTrue(Pattern.compile("\ntensor\\(\\d+\\.\\d{4}, grad_fn=<MseLossBackward0>\\)\n").matcher(out).find(), out);
        // the tutorial's eight printed nodes, in its order
        Matcher m = Pattern.compile("<(\\w+) object at 0x[0-9a-f]+>").matcher(out);
        List<String> nodes = m.results().map(r -> r.group(1)).toList();
        assertEquals(List.of("MseLossBackward0", "AddmmBackward0", "ReluBackward0", "AddmmBackward0", "ReluBackward0",
                "AddmmBackward0", "ReshapeAliasBackward0", "MaxPool2DWithIndicesBackward0"), nodes);
        assertTrue(out.contains("conv1.bias.grad before backward\ntensor([0., 0., 0., 0., 0., 0.])\n"), out);
        // the hand-written SGD step moved fc3's bias by exactly 0.01 x its gradient
        assertTrue(Pattern.compile("\ntensor\\(\\[(0\\.0100,? *){10}\\]\\)\n").matcher(out.replace("\n        ", " ")).find(), out);
    }

    @Test
    void sameSeedSameOutput() {
        // node addresses (identity hashes) differ between runs, as in PyTorch; everything else is seeded
        assertEquals(tour().replaceAll("object at 0x[0-9a-f]+", ""), tour().replaceAll("object at 0x[0-9a-f]+", ""));
    }
}
