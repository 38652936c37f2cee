package dev.kiln.layers;

import dev.kiln.Tensor;
import dev.kiln.autograd.GradFn;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The tutorial's walk along {@code loss.grad_fn.next_functions} of the LeNet MSE loss
 * (/work/shared/tutorials/001_*.txt): the same node names as PyTorch 1.13 prints for the same model.
 */
class GradFnChainTest {

    @Test
    void leNetLossGraphHasPyTorchsNodeNames() {
        Models.Net net = new Models.Net();
        Tensor out = net.forward(Tensor.randn(1, 1, 32, 32));
        Tensor loss = new MSELoss().forward(out, Tensor.randn(10).view(1, -1));
        GradFn g = loss.gradFn();
        List<String> names = new ArrayList<>(List.of(g.name()));
        for (int i : new int[] {0, 1, 0, 1, 0, 1, 0, 0, 0, 0}) {
            g = g.next(i);
            names.add(g.name());
        }
        // printed by PyTorch 1.13 for the tutorial's Net (the tutorial's own output stops at the first pooling)
        assertEquals(List.of("MseLossBackward0", "AddmmBackward0", "ReluBackward0", "AddmmBackward0", "ReluBackward0",
                "AddmmBackward0", "ReshapeAliasBackward0", "MaxPool2DWithIndicesBackward0", "ReluBackward0",
                "ConvolutionBackward0", "MaxPool2DWithIndicesBackward0"), names);
    }
}
