package dev.kiln.examples.lenet;

import dev.kiln.Tensor;
import dev.kiln.layers.Conv2d;
import dev.kiln.layers.Linear;
import dev.kiln.nn.F;
import dev.kiln.nn.Layer;

/** The tutorial's LeNet ({@code ../shared/tutorials/001_*.txt}) for 1×32×32 images and 10 classes. */
public final class Net extends Layer {
    /** 1 input channel, 6 output channels, 5x5 kernel: [N,1,32,32] -> [N,6,28,28]. */
    public final Conv2d conv1 = registerModule("conv1", new Conv2d(1, 6, 5));
    /** [N,6,14,14] -> [N,16,10,10]. */
    public final Conv2d conv2 = registerModule("conv2", new Conv2d(6, 16, 5));
    /** y = Wx + b: [N,400] -> [N,120] (16 channels of 5x5 after the second pooling). */
    public final Linear fc1 = registerModule("fc1", new Linear(16 * 5 * 5, 120));
    /** [N,120] -> [N,84]. */
    public final Linear fc2 = registerModule("fc2", new Linear(120, 84));
    /** [N,84] -> [N,10]. */
    public final Linear fc3 = registerModule("fc3", new Linear(84, 10));

    /** A LeNet with PyTorch's default initialisation, drawn from Kiln's seeded generator. */
    public Net() {}

    /** conv, relu, 2x2 max pooling twice; flatten; three linear layers with relu between them. */
    @Override
    public Tensor forward(Tensor x) {
        x = F.maxPool2d(F.relu(conv1.forward(x)), 2);
        x = F.maxPool2d(F.relu(conv2.forward(x)), 2);
        x = x.flatten(1, -1);   // every dimension but the batch
        x = F.relu(fc1.forward(x));
        x = F.relu(fc2.forward(x));
        return fc3.forward(x);
    }
}
