package dev.kiln.tck.run;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.tck.golden.GoldenCase.TensorData;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a {@link Trial} on the current runtime and reads its output and leaf gradients to the host. */
public final class Measure {
    private Measure() {}

    /**
     * Forward, then backward when the trial has an upstream gradient. A throwable from either phase is
     * rethrown as a {@link PhaseException} naming the phase, with the original as its cause.
     */
    public static Measured run(Trial trial) {
        List<Tensor> leaves;
        Tensor out;
        TensorData output;
        try {
            leaves = trial.leaves();
            out = trial.apply(leaves);
            if (out == null) throw new IllegalStateException(trial.op() + " returned null");
            output = read(out);
        } catch (RuntimeException | StackOverflowError e) {
            throw new PhaseException("forward", e);
        }
        Tensor gradOutput;
        try {
            gradOutput = trial.gradOutput(out);
            if (gradOutput == null) return new Measured(output, false, Map.of(), Map.of());
            out.backward(gradOutput);
        } catch (RuntimeException | StackOverflowError e) {
            throw new PhaseException("backward", e);
        }
        List<String> names = trial.inputNames();
        if (names.size() != leaves.size()) {
            throw new IllegalStateException(trial.name() + ": " + names.size() + " input names for " + leaves.size() + " leaves");
        }
        Map<String, TensorData> grads = new LinkedHashMap<>();
        Map<String, DType> dtypes = new LinkedHashMap<>();
        try {
            for (int i = 0; i < leaves.size(); i++) {
                Tensor leaf = leaves.get(i);
                if (!leaf.requiresGrad()) continue;
                Tensor g = leaf.grad();
                grads.put(names.get(i), g == null ? null : read(g));
                dtypes.put(names.get(i), leaf.dtype());
            }
        } catch (RuntimeException e) {
            throw new PhaseException("reading the gradients", e);
        }
        return new Measured(output, true, grads, dtypes);
    }

    /** A tensor's dtype, shape and values. */
    public static TensorData read(Tensor t) {
        return new TensorData(t.dtype(), t.shape(), t.toDoubleArray());
    }

    /** A failure in one phase of a trial ("forward", "backward" ...); the cause is what was thrown. */
    public static final class PhaseException extends RuntimeException {
        private final String phase;

        PhaseException(String phase, Throwable cause) {
            super(phase + ": " + cause, cause);
            this.phase = phase;
        }

        /** The phase that threw. */
        public String phase() { return phase; }
    }
}
