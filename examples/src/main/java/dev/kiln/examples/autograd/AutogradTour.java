package dev.kiln.examples.autograd;

import dev.kiln.Kiln;
import dev.kiln.Tensor;
import dev.kiln.autograd.GradFn;
import dev.kiln.autograd.GradScope;
import dev.kiln.examples.lenet.Net;
import dev.kiln.layers.MSELoss;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;

/**
 * The autograd part of the tutorial in {@code ../shared/tutorials/001_*.txt}, in Java: {@code Q = 3a³ − b²}
 * and its gradients, then the tutorial's LeNet: its printed tree, its parameters, a forward pass, the MSE
 * loss, the walk along {@code loss.grad_fn.next_functions}, {@code zero_grad} and {@code backward}, and the
 * hand-written SGD update. Each step prints the Java code (after {@code >}) and what PyTorch's would print.
 */
public final class AutogradTour {

    private final PrintWriter out;

    private AutogradTour(PrintWriter out) { this.out = out; }

    /**
     * Runs the tour.
     *
     * @param out  where it prints
     * @param seed the seed of the LeNet's weights and the random input
     */
    public static void run(PrintWriter out, long seed) {
        new AutogradTour(out).all(seed);
        out.flush();
    }

    private void code(String... lines) {
        for (String l : lines) out.println("> " + l);
    }

    private void print(Object value) { out.println(value); }

    private void all(long seed) {
        out.println("== Q = 3a^3 - b^2");
        code("Tensor a = Tensor.of(2f, 3f).requiresGrad(true);", "Tensor b = Tensor.of(6f, 4f).requiresGrad(true);");
        Tensor a = Tensor.of(2f, 3f).requiresGrad(true);
        Tensor b = Tensor.of(6f, 4f).requiresGrad(true);
        code("Tensor Q = a.pow(3).mul(3).sub(b.pow(2));", "System.out.println(Q);");
        Tensor q = a.pow(3).mul(3).sub(b.pow(2));
        print(q);
        code("Q.backward(Tensor.of(1f, 1f));   // external_grad: dQ/dQ = 1 for each element of the vector Q");
        q.backward(Tensor.of(1f, 1f));
        code("System.out.println(a.grad());   // dQ/da = 9a^2");
        print(a.grad());
        code("System.out.println(b.grad());   // dQ/db = -2b");
        print(b.grad());
        code("System.out.println(a.grad().eq(a.pow(2).mul(9)));");
        print(a.grad().eq(a.detach().pow(2).mul(9)));
        code("System.out.println(b.grad().eq(b.mul(-2)));");
        print(b.grad().eq(b.detach().mul(-2)));

        out.println();
        out.println("== LeNet");
        Kiln.manualSeed(seed);
        code("Net net = new Net();", "System.out.println(net);");
        Net net = new Net();
        print(net);
        code("List<Tensor> params = net.parameters();", "System.out.println(params.size());");
        List<Tensor> params = net.parameters();
        print(params.size());
        code("System.out.println(Arrays.toString(params.get(0).shape()));   // conv1's weight");
        print(Arrays.toString(params.get(0).shape()));
        code("Tensor input = Tensor.randn(1, 1, 32, 32);   // [batch, channels, height, width]",
             "Tensor out = net.forward(input);", "System.out.println(out);");
        Tensor input = Tensor.randn(1, 1, 32, 32);
        Tensor output = net.forward(input);
        print(output);
        code("net.zeroGrad();", "out.backward(Tensor.randn(1, 10));");
        net.zeroGrad();
        output.backward(Tensor.randn(1, 10));

        out.println();
        out.println("== Loss function");
        code("Tensor output = net.forward(input);", "Tensor target = Tensor.randn(10).view(1, -1);   // the output's shape",
             "MSELoss criterion = new MSELoss();", "Tensor loss = criterion.forward(output, target);", "System.out.println(loss);");
        output = net.forward(input);
        Tensor target = Tensor.randn(10).view(1, -1);
        Tensor loss = new MSELoss().forward(output, target);
        print(loss);
        code("GradFn g = loss.gradFn();   // then g.next(0), g.next(0).next(1), ... as grad_fn.next_functions[i][0]");
        GradFn g = loss.gradFn();
        print(g);
        int[] path = {0, 1, 0, 1, 0, 1, 0};
        for (int i : path) {
            g = g.next(i);
            print(g);
        }

        out.println();
        out.println("== Backprop");
        code("net.zeroGrad(false);   // zero the gradient buffers in place (PyTorch 2's default, and Kiln's, sets them to null)",
             "System.out.println(net.conv1.bias().grad());");
        net.zeroGrad(false);
        out.println("conv1.bias.grad before backward");
        print(net.conv1.bias().grad());
        code("loss.backward();", "System.out.println(net.conv1.bias().grad());");
        loss.backward();
        out.println("conv1.bias.grad after backward");
        print(net.conv1.bias().grad());

        out.println();
        out.println("== Update the weights");
        code("double learningRate = 0.01;",
             "try (var noGrad = Kiln.noGrad()) {",
             "    for (Tensor f : net.parameters()) f.sub_(f.grad().mul(learningRate));",
             "}");
        Tensor before = net.fc3.bias().clone();
        try (GradScope noGrad = Kiln.noGrad()) {
            for (Tensor f : net.parameters()) f.sub_(f.grad().mul(0.01));
        }
        code("System.out.println(net.fc3.bias());   // moved by -0.01 * its gradient");
        print(net.fc3.bias());
        code("System.out.println(before.sub(net.fc3.bias()).div(net.fc3.bias().grad()));");
        try (GradScope noGrad = Kiln.noGrad()) {
            print(before.sub(net.fc3.bias()).div(net.fc3.bias().grad()));
        }
    }
}
