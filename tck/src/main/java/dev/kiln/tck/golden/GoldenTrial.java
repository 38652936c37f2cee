package dev.kiln.tck.golden;

import dev.kiln.Tensor;
import dev.kiln.tck.run.Trial;

import java.util.ArrayList;
import java.util.List;

/**
 * A golden case as a {@link Trial}: the stored inputs become leaves (with the case's
 * {@code requires_grad}), each is viewed as the case says before the op, and the case's
 * {@code grad_output}, cast to the output's dtype, is the upstream gradient.
 */
public record GoldenTrial(GoldenCase goldenCase) implements Trial {

    @Override public String name() { return goldenCase.name(); }

    @Override public String op() { return goldenCase.op(); }

    @Override
    public List<String> inputNames() {
        return goldenCase.inputs().stream().map(GoldenCase.Input::name).toList();
    }

    @Override
    public List<Tensor> leaves() {
        List<Tensor> leaves = new ArrayList<>(goldenCase.inputs().size());
        for (GoldenCase.Input in : goldenCase.inputs()) {
            Tensor t = GoldenOps.stored(in.stored());
            leaves.add(in.requiresGrad() ? t.requiresGrad(true) : t);
        }
        return leaves;
    }

    @Override
    public Tensor apply(List<Tensor> leaves) {
        List<Tensor> args = new ArrayList<>(leaves.size());
        for (int i = 0; i < leaves.size(); i++) args.add(GoldenOps.view(leaves.get(i), goldenCase.inputs().get(i).view()));
        return GoldenOps.apply(goldenCase, args);
    }

    @Override
    public Tensor gradOutput(Tensor output) {
        GoldenCase.TensorData g = goldenCase.gradOutput();
        return g == null ? null : GoldenOps.stored(g).to(output.dtype());
    }
}
