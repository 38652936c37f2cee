package dev.kiln.layers;

import dev.kiln.Tensor;
import dev.kiln.nn.F;
import dev.kiln.nn.Layer;

/** The tutorials' models, written as a Kiln user writes them. */
final class Models {
    private Models() {}

    /** The quickstart's {@code NeuralNetwork}. */
    static final class NeuralNetwork extends Layer {
        final Flatten flatten = registerModule("flatten", new Flatten());
        final Sequential linearReluStack = registerModule("linear_relu_stack", new Sequential(
                new Linear(28 * 28, 512), new ReLU(), new Linear(512, 512), new ReLU(), new Linear(512, 10)));

        @Override
        public Tensor forward(Tensor x) { return linearReluStack.forward(flatten.forward(x)); }
    }

    /** The tutorial's LeNet {@code Net}. */
    static final class Net extends Layer {
        final Conv2d conv1 = registerModule("conv1", new Conv2d(1, 6, 5));
        final Conv2d conv2 = registerModule("conv2", new Conv2d(6, 16, 5));
        final Linear fc1 = registerModule("fc1", new Linear(16 * 5 * 5, 120));
        final Linear fc2 = registerModule("fc2", new Linear(120, 84));
        final Linear fc3 = registerModule("fc3", new Linear(84, 10));

        @Override
        public Tensor forward(Tensor x) {
            x = F.maxPool2d(F.relu(conv1.forward(x)), 2);
            x = F.maxPool2d(F.relu(conv2.forward(x)), 2);
            x = x.flatten(1, -1);
            x = F.relu(fc1.forward(x));
            x = F.relu(fc2.forward(x));
            return fc3.forward(x);
        }
    }

    /** {@code sin(0.37 * i + k)} rounded to float, as {@code det} in src/test/python/layers_reference.py. */
    static Tensor det(double k, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) Math.sin(i * 0.37 + k);
        return Tensor.of(v).reshape(shape);
    }
}
