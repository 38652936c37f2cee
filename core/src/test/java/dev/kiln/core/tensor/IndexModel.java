package dev.kiln.core.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A deliberately naive model of a tensor view for property tests: a shape and a function from a
 * multi-index to a position in the flat base array. Each view op composes index arithmetic directly,
 * without strides, so it checks Kiln's stride logic independently.
 */
record IndexModel(double[] base, int[] shape, Function<int[], Integer> toBase) {

    static IndexModel of(double[] base, int[] shape) {
        return new IndexModel(base, shape, idx -> {
            int flat = 0;
            for (int d = 0; d < shape.length; d++) flat = flat * shape[d] + idx[d];
            return flat;
        });
    }

    /** Every multi-index in row-major order. */
    List<int[]> indices() {
        List<int[]> out = new ArrayList<>();
        int n = 1;
        for (int s : shape) n *= s;
        for (int k = 0; k < n; k++) {
            int[] idx = new int[shape.length];
            int rem = k;
            for (int d = shape.length - 1; d >= 0; d--) {
                idx[d] = rem % shape[d];
                rem /= shape[d];
            }
            out.add(idx);
        }
        return out;
    }

    double[] values() {
        return indices().stream().mapToDouble(i -> base[toBase.apply(i)]).toArray();
    }

    IndexModel transpose(int a, int b) {
        int[] s = shape.clone();
        s[a] = shape[b];
        s[b] = shape[a];
        return new IndexModel(base, s, idx -> {
            int[] p = idx.clone();
            p[a] = idx[b];
            p[b] = idx[a];
            return toBase.apply(p);
        });
    }

    IndexModel permute(int[] perm) {
        int[] s = new int[perm.length];
        for (int i = 0; i < perm.length; i++) s[i] = shape[perm[i]];
        return new IndexModel(base, s, idx -> {
            int[] p = new int[idx.length];
            for (int i = 0; i < perm.length; i++) p[perm[i]] = idx[i];
            return toBase.apply(p);
        });
    }

    /** Python's range(start, stop, step) after Python's slice clamping, listed explicitly. */
    static List<Integer> slicePositions(long start, long stop, long step, int size) {
        long s = start < 0 ? Math.max(0, start + size) : Math.min(start, size);
        long e = stop < 0 ? Math.max(0, stop + size) : Math.min(stop, size);
        List<Integer> out = new ArrayList<>();
        for (long i = s; i < e; i += step) out.add((int) i);
        return out;
    }

    IndexModel slice(int dim, long start, long stop, long step) {
        List<Integer> pos = slicePositions(start, stop, step, shape[dim]);
        int[] s = shape.clone();
        s[dim] = pos.size();
        return new IndexModel(base, s, idx -> {
            int[] p = idx.clone();
            p[dim] = pos.get(idx[dim]);
            return toBase.apply(p);
        });
    }

    IndexModel select(int dim, int i) {
        int at = i < 0 ? i + shape[dim] : i;
        int[] s = new int[shape.length - 1];
        for (int d = 0, j = 0; d < shape.length; d++) if (d != dim) s[j++] = shape[d];
        return new IndexModel(base, s, idx -> {
            int[] p = new int[shape.length];
            for (int d = 0, j = 0; d < shape.length; d++) p[d] = d == dim ? at : idx[j++];
            return toBase.apply(p);
        });
    }

    IndexModel unsqueeze(int dim) {
        int[] s = new int[shape.length + 1];
        for (int d = 0, j = 0; d <= shape.length; d++) s[d] = d == dim ? 1 : shape[j++];
        return new IndexModel(base, s, idx -> {
            int[] p = new int[shape.length];
            for (int d = 0, j = 0; d < idx.length; d++) if (d != dim) p[j++] = idx[d];
            return toBase.apply(p);
        });
    }

    /** Broadcast to a larger shape: new leading dims and size-1 dims read index 0. */
    IndexModel expand(int[] target) {
        int shift = target.length - shape.length;
        return new IndexModel(base, target.clone(), idx -> {
            int[] p = new int[shape.length];
            for (int d = 0; d < shape.length; d++) p[d] = shape[d] == 1 ? 0 : idx[d + shift];
            return toBase.apply(p);
        });
    }

    @Override
    public String toString() { return "IndexModel" + Arrays.toString(shape); }
}
