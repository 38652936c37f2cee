package dev.kiln.core.autograd;

import dev.kiln.Tensor;
import dev.kiln.autograd.GradFn;
import dev.kiln.nn.F;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tutorial's LeNet ({@code conv1 1->6 5x5, relu, max_pool 2, conv2 6->16 5x5, relu, max_pool 2, flatten(1),
 * fc1 400->120, relu, fc2 120->84, relu, fc3 84->10}) written with F.* on one 1x1x32x32 image, MSE against a
 * [1, 10] target: the grad_fn chain the tutorial prints, and conv1.bias.grad against PyTorch 1.13 on the
 * same weights.
 */
class LeNetGradFnTest {

    /** Parameter {@code k}: {@code 2/sqrt(fanIn) * sin(0.731 i + 1.37 k) * cos(0.0173 i)} as float32. */
    private static Tensor param(int k, int fanIn, int... shape) {
        double scale = 2 / Math.sqrt(fanIn);
        return values(shape, i -> scale * Math.sin(0.731 * i + 1.37 * k) * Math.cos(0.0173 * i)).requiresGrad(true);
    }

    private static Tensor values(int[] shape, java.util.function.IntToDoubleFunction f) {
        int n = 1;
        for (int s : shape) n *= s;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) f.applyAsDouble(i);
        return Tensor.wrap(v, shape);
    }

    private final Tensor conv1Weight = param(1, 25, 6, 1, 5, 5);
    private final Tensor conv1Bias = param(2, 25, 6);
    private final Tensor conv2Weight = param(3, 150, 16, 6, 5, 5);
    private final Tensor conv2Bias = param(4, 150, 16);
    private final Tensor fc1Weight = param(5, 400, 120, 400);
    private final Tensor fc1Bias = param(6, 400, 120);
    private final Tensor fc2Weight = param(7, 120, 84, 120);
    private final Tensor fc2Bias = param(8, 120, 84);
    private final Tensor fc3Weight = param(9, 84, 10, 84);
    private final Tensor fc3Bias = param(10, 84, 10);

    private Tensor net(Tensor x) {
        x = F.maxPool2d(F.relu(F.conv2d(x, conv1Weight, conv1Bias)), 2);
        x = F.maxPool2d(F.relu(F.conv2d(x, conv2Weight, conv2Bias)), 2);
        x = x.flatten(1, -1);
        x = F.relu(F.linear(x, fc1Weight, fc1Bias));
        x = F.relu(F.linear(x, fc2Weight, fc2Bias));
        return F.linear(x, fc3Weight, fc3Bias);
    }

    private Tensor loss() {
        Tensor input = values(new int[] {1, 1, 32, 32}, i -> Math.sin(0.37 * i));
        Tensor target = values(new int[] {10}, i -> Math.cos(0.5 * i)).view(1, -1);
        Tensor output = net(input);
        assertEquals("AddmmBackward0", output.gradFn().name());
        return F.mseLoss(output, target);
    }

    @Test
    void theGradFnChainIsTheTutorials() {
        Tensor loss = loss();
        GradFn fn = loss.gradFn();
        List<String> chain = new ArrayList<>();
        chain.add(fn.name());
        chain.add((fn = fn.next(0)).name());
        chain.add((fn = fn.next(1)).name());
        chain.add((fn = fn.next(0)).name());
        chain.add((fn = fn.next(1)).name());
        chain.add((fn = fn.next(0)).name());
        chain.add((fn = fn.next(1)).name());
        chain.add(fn.next(0).name());
        assertEquals(List.of("MseLossBackward0", "AddmmBackward0", "ReluBackward0", "AddmmBackward0", "ReluBackward0",
                "AddmmBackward0", "ReshapeAliasBackward0", "MaxPool2DWithIndicesBackward0"), chain);
        for (GradFn node = loss.gradFn(), next; node != null; node = next) {
            next = node.nextFunctions().isEmpty() ? null : node.next(0);
            assertTrue(node.toString().matches("<" + node.name() + " object at 0x[0-9a-f]+>"), node.toString());
        }
    }

    @Test
    void theLossPrintsAsPyTorchPrintsIt() {
        Tensor loss = loss();
        assertTrue(loss.toString().endsWith("grad_fn=<MseLossBackward0>)"), loss.toString());
        assertEquals("tensor(0.3654, grad_fn=<MseLossBackward0>)", loss.toString());
        assertEquals(0.36543117769685096, loss.item(), 2e-7);
    }

    @Test
    void conv1BiasGradMatchesPyTorch() {
        Tensor loss = loss();
        loss.backward();
        // PyTorch 1.13 in float64 on the same float32 weights (float32 PyTorch differs from it by at most 2.2e-9)
        double[] expected = {0.0030447252381174588, 0.00023018053408945926, -0.001066815848372139, 0.0,
                0.0014262257722242899, 0.0038408360754061026};
        assertArrayEquals(expected, conv1Bias.grad().toDoubleArray(), 2e-8, conv1Bias.grad().toString());
        for (Tensor p : List.of(conv1Weight, conv2Weight, conv2Bias, fc1Weight, fc1Bias, fc2Weight, fc2Bias, fc3Weight, fc3Bias)) {
            assertArrayEquals(p.shape(), p.grad().shape());
        }
    }
}
