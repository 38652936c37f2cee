package dev.kiln.tck.cross;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.tck.samples.OpSample;
import dev.kiln.tck.samples.SampleInput;
import dev.kiln.tck.run.Trial;

import java.util.ArrayList;
import java.util.List;

/**
 * An OpInfo-style sample of the gradcheck table as a {@link Trial} in a floating dtype: its inputs
 * become leaves in {@code floatType} (int64 for integral ones), viewed as the sample says, and the
 * upstream gradient is a fixed pseudo-random pattern in [-1, 1] of the output's shape, the same on
 * every backend.
 *
 * @param sample    the sample
 * @param floatType the dtype of its floating inputs
 */
public record SampleTrial(OpSample sample, DType floatType) implements Trial {

    @Override public String name() { return sample.name() + " " + floatType.torchName(); }

    @Override public String op() { return sample.op(); }

    @Override
    public List<String> inputNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < sample.inputs().size(); i++) names.add("t" + i);
        return names;
    }

    @Override
    public List<Tensor> leaves() {
        return sample.inputs().stream().map(in -> in.leaf(floatType)).toList();
    }

    @Override
    public Tensor apply(List<Tensor> leaves) {
        List<SampleInput> inputs = sample.inputs();
        List<Tensor> args = new ArrayList<>(leaves.size());
        for (int i = 0; i < leaves.size(); i++) args.add(inputs.get(i).argument(leaves.get(i)));
        return sample.call().apply(args);
    }

    @Override
    public Tensor gradOutput(Tensor output) {
        if (sample.inputs().stream().noneMatch(SampleInput::requiresGrad)) return null;
        int n = Math.toIntExact(output.numel());
        double[] g = new double[n];
        for (int i = 0; i < n; i++) g[i] = Math.sin(1.7 * i + 0.3);
        return Tensor.wrap(g, output.shape()).to(output.dtype());
    }
}
