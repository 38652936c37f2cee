package dev.kiln;

import java.util.ArrayList;
import java.util.List;

/**
 * One component of a PyTorch-style index: an integer ({@code t[1]}), a slice ({@code t[1:3:2]}),
 * an ellipsis ({@code ...}) or a new axis ({@code None}). {@link #parse(String)} reads the string
 * form, e.g. {@code "1:3, ::2"}, {@code "..., -1"}, {@code ":, None"}.
 */
public sealed interface Index {

    /** Selects one position (negative counts from the end) and removes the dimension. */
    record At(long index) implements Index {
        @Override public String toString() { return Long.toString(index); }
    }

    /** Keeps a dimension, taking {@code start:stop:step}; a null bound means "from the edge". */
    record Slice(Long start, Long stop, long step) implements Index {
        public Slice {
            if (step <= 0) throw new IllegalArgumentException("index: slice step must be positive, got " + step);
        }
        @Override public String toString() {
            return (start == null ? "" : start) + ":" + (stop == null ? "" : stop) + (step == 1 ? "" : ":" + step);
        }
    }

    /** {@code ...}: as many full slices as needed. */
    record Ellipsis() implements Index {
        @Override public String toString() { return "..."; }
    }

    /** {@code None}: inserts a dimension of size 1. */
    record NewAxis() implements Index {
        @Override public String toString() { return "None"; }
    }

    /** {@code t[i]}. */
    static Index at(long i) { return new At(i); }

    /** {@code t[:]}. */
    static Index all() { return new Slice(null, null, 1); }

    /** {@code t[start:stop]}. */
    static Index slice(long start, long stop) { return new Slice(start, stop, 1); }

    /** {@code t[start:stop:step]}; null bounds mean from the edge. */
    static Index slice(Long start, Long stop, long step) { return new Slice(start, stop, step); }

    /** {@code t[start:]}. */
    static Index from(long start) { return new Slice(start, null, 1); }

    /** {@code t[...]}. */
    static Index ellipsis() { return new Ellipsis(); }

    /** {@code t[None]}. */
    static Index newAxis() { return new NewAxis(); }

    /** Parses the inside of PyTorch's brackets: comma-separated integers, slices, {@code ...} and {@code None}. */
    static Index[] parse(String spec) {
        List<Index> out = new ArrayList<>();
        String trimmed = spec.trim();
        if (trimmed.isEmpty()) return new Index[0];
        for (String raw : trimmed.split(",", -1)) {
            String p = raw.trim();
            try {
                if (p.equals("...")) out.add(ellipsis());
                else if (p.equals("None")) out.add(newAxis());
                else if (p.contains(":")) out.add(parseSlice(p));
                else out.add(at(Long.parseLong(p)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("index: cannot parse '" + p + "' in \"" + spec
                        + "\"; expected an integer, start:stop:step, ... or None");
            }
        }
        return out.toArray(new Index[0]);
    }

    private static Index parseSlice(String p) {
        String[] parts = p.split(":", -1);
        if (parts.length > 3) throw new NumberFormatException(p);
        Long start = parts[0].isBlank() ? null : Long.parseLong(parts[0].trim());
        Long stop = parts[1].isBlank() ? null : Long.parseLong(parts[1].trim());
        long step = parts.length == 3 && !parts[2].isBlank() ? Long.parseLong(parts[2].trim()) : 1;
        return new Slice(start, stop, step);
    }
}
