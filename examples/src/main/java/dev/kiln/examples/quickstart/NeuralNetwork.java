package dev.kiln.examples.quickstart;

import dev.kiln.Tensor;
import dev.kiln.layers.Flatten;
import dev.kiln.layers.Linear;
import dev.kiln.layers.ReLU;
import dev.kiln.layers.Sequential;
import dev.kiln.nn.Layer;

/**
 * The PyTorch quickstart's model, line for line:
 * <pre>{@code
 * class NeuralNetwork(nn.Module):
 *     def __init__(self):
 *         super().__init__()
 *         self.flatten = nn.Flatten()
 *         self.linear_relu_stack = nn.Sequential(
 *             nn.Linear(28*28, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))
 *     def forward(self, x):
 *         return self.linear_relu_stack(self.flatten(x))
 * }</pre>
 */
public final class NeuralNetwork extends Layer {
    private final Flatten flatten;
    private final Sequential linearReluStack;

    /** The model with PyTorch's default initialisation from the runtime's seeded generator. */
    public NeuralNetwork() {
        flatten = registerModule("flatten", new Flatten());
        linearReluStack = registerModule("linear_relu_stack", new Sequential(
                new Linear(28 * 28, 512), new ReLU(), new Linear(512, 512), new ReLU(), new Linear(512, 10)));
    }

    @Override
    public Tensor forward(Tensor x) {
        return linearReluStack.forward(flatten.forward(x));
    }
}
