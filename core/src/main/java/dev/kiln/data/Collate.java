package dev.kiln.data;

import dev.kiln.DType;
import dev.kiln.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * DataLoader's default collate ({@code default_collate}): turns a list of samples into a {@link Batch}.
 *
 * <ul>
 *   <li>{@link Sample}s: inputs and targets are collated separately;</li>
 *   <li>a bare {@link Tensor} sample is an input without a target;</li>
 *   <li>tensors of equal shape are stacked along a new dimension 0;</li>
 *   <li>{@code Integer}, {@code Long}, {@code Short} and {@code Byte} become one int64 tensor (class indices);</li>
 *   <li>{@code Double} and {@code Float} become one float32 tensor (Kiln's default float; PyTorch would
 *       make float64, which no loss here expects);</li>
 *   <li>{@code Boolean} becomes a bool tensor; all-{@code null} targets stay {@code null}.</li>
 * </ul>
 * Anything else is an error that says to pass a custom collate.
 */
public final class Collate {
    private Collate() {}

    /** The default collate as a function, for {@code DataLoader.Builder.collate}. */
    public static Function<List<?>, Batch> defaultCollate() { return Collate::toBatch; }

    /**
     * Collates {@code samples} as described above.
     *
     * @param samples one batch of samples, not empty
     * @return the batch
     * @throws IllegalArgumentException when the samples cannot be stacked (mixed types, different shapes)
     */
    public static Batch toBatch(List<?> samples) {
        if (samples.isEmpty()) throw new IllegalArgumentException("collate: empty batch");
        for (int i = 0; i < samples.size(); i++) {
            if (samples.get(i) == null) {
                throw new IllegalArgumentException("collate: sample " + i + " of the batch is null (the dataset's get returned null)");
            }
        }
        Object first = samples.getFirst();
        if (first instanceof Sample<?, ?>) {
            List<Object> inputs = new ArrayList<>(samples.size());
            List<Object> targets = new ArrayList<>(samples.size());
            for (Object s : samples) {
                if (!(s instanceof Sample<?, ?> sample)) {
                    throw new IllegalArgumentException("collate: a batch mixes Sample and " + typeName(s));
                }
                inputs.add(sample.input());
                targets.add(sample.target());
            }
            return new Batch(field("input", inputs), field("target", targets));
        }
        return new Batch(field("sample", new ArrayList<>(samples)), null);
    }

    /** Stacks one field of a batch: tensors, integers, floating point numbers or booleans. */
    public static Tensor field(String what, List<?> values) {
        Object first = values.getFirst();
        if (first == null) {
            for (Object v : values) {
                if (v != null) throw new IllegalArgumentException("collate: " + what + " is null in some samples only");
            }
            return null;
        }
        int n = values.size();
        switch (first) {
            case Tensor t -> {
                List<Tensor> ts = new ArrayList<>(n);
                for (Object v : values) ts.add(as(Tensor.class, what, v));
                int[] shape = t.shape();
                for (int i = 1; i < n; i++) {
                    if (!java.util.Arrays.equals(ts.get(i).shape(), shape)) {
                        throw new IllegalArgumentException("collate: cannot stack " + what + "s of different shapes: sample 0 has "
                                + java.util.Arrays.toString(shape) + ", sample " + i + " has "
                                + java.util.Arrays.toString(ts.get(i).shape()) + " (resize them in the transform, or pass a custom collate)");
                    }
                }
                return Tensor.stack(ts, 0);
            }
            case Integer _, Long _, Short _, Byte _ -> {
                long[] out = new long[n];
                for (int i = 0; i < n; i++) out[i] = as(Number.class, what, values.get(i)).longValue();
                return Tensor.of(out);
            }
            case Double _, Float _ -> {
                float[] out = new float[n];
                for (int i = 0; i < n; i++) out[i] = as(Number.class, what, values.get(i)).floatValue();
                return Tensor.of(out);
            }
            case Boolean _ -> {
                boolean[] out = new boolean[n];
                for (int i = 0; i < n; i++) out[i] = as(Boolean.class, what, values.get(i));
                return Tensor.of(out);
            }
            default -> throw new IllegalArgumentException("collate: the default collate stacks Tensor, Integer, Long, Double,"
                    + " Float and Boolean " + what + "s, not " + typeName(first) + "; pass DataLoader.builder(ds).collate(...)");
        }
    }

    private static <T> T as(Class<T> type, String what, Object v) {
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException("collate: a batch mixes " + what + "s of type " + type.getSimpleName()
                    + " and " + typeName(v));
        }
        return type.cast(v);
    }

    private static String typeName(Object o) { return o == null ? "null" : o.getClass().getName(); }
}
