package dev.kiln.tck.samples;

import dev.kiln.Tensor;

import java.util.List;
import java.util.function.Function;

/**
 * One sample of an op for gradcheck and the cross-backend comparison: its inputs, and the call that runs
 * the op on them (OpInfo's {@code SampleInput} with the op bound in).
 *
 * @param op                  the op's name, as the golden suite spells it where it names the op
 *                            ({@code "max_pool2d"}, {@code "log_softmax"}...)
 * @param name                the sample's unique name
 * @param inputs              the inputs, in the order {@code call} receives them
 * @param call                runs the op on the arguments ({@link SampleInput#argument}, already viewed); an input
 *                            used twice is a call that uses its argument twice
 * @param twiceDifferentiable whether gradgradcheck applies (false only where the op's backward is not itself
 *                            differentiable, or its double backward cannot be measured; the sample says why)
 */
public record OpSample(String op, String name, List<SampleInput> inputs, Function<List<Tensor>, Tensor> call,
                       boolean twiceDifferentiable) {

    /** Copies the input list. */
    public OpSample {
        inputs = List.copyOf(inputs);
    }

    /** Runs the op on these arguments. */
    public Tensor apply(List<Tensor> args) {
        return call.apply(args);
    }

    @Override
    public String toString() {
        return name + " (" + op + ", " + inputs + ")";
    }
}
