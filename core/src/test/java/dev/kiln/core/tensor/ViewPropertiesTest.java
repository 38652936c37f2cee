package dev.kiln.core.tensor;

import dev.kiln.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Broadcasting, views and indexing checked against {@link IndexModel}, a naive index-arithmetic model, on
 * random shapes and random chains of view ops. Base values are distinct, so any mapping mistake shows.
 */
class ViewPropertiesTest {

    private static int[] randomShape(Random r, int maxRank) {
        int[] s = new int[1 + r.nextInt(maxRank)];
        for (int i = 0; i < s.length; i++) s[i] = 1 + r.nextInt(4);
        return s;
    }

    private static double[] iota(int[] shape) {
        int n = 1;
        for (int s : shape) n *= s;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = i + 1;
        return d;
    }

    /** A random chain of view ops applied to both the tensor and the model; returns a description. */
    private static String applyChain(Random r, Tensor[] t, IndexModel[] m, boolean allowExpand) {
        StringBuilder desc = new StringBuilder();
        int steps = 1 + r.nextInt(5);
        for (int k = 0; k < steps; k++) {
            int rank = m[0].shape().length;
            int choice = r.nextInt(allowExpand ? 7 : 6);
            if (rank == 0 && choice != 4) choice = 4;
            switch (choice) {
                case 0 -> {
                    int a = r.nextInt(rank), b = r.nextInt(rank);
                    t[0] = t[0].transpose(a - (r.nextBoolean() ? rank : 0), b);
                    m[0] = m[0].transpose(a, b);
                    desc.append(".transpose(").append(a).append(',').append(b).append(')');
                }
                case 1 -> {
                    List<Integer> p = new ArrayList<>();
                    for (int i = 0; i < rank; i++) p.add(i);
                    java.util.Collections.shuffle(p, r);
                    int[] perm = p.stream().mapToInt(Integer::intValue).toArray();
                    t[0] = t[0].permute(perm);
                    m[0] = m[0].permute(perm);
                    desc.append(".permute").append(Arrays.toString(perm));
                }
                case 2 -> {
                    int d = r.nextInt(rank);
                    int size = m[0].shape()[d];
                    long start = r.nextInt(2 * size + 3) - size - 1;
                    long stop = r.nextInt(2 * size + 3) - size - 1;
                    long step = 1 + r.nextInt(3);
                    t[0] = t[0].slice(d, start, stop, step);
                    m[0] = m[0].slice(d, start, stop, step);
                    desc.append(".slice(").append(d).append(',').append(start).append(',').append(stop).append(',').append(step).append(')');
                }
                case 3 -> {
                    int d = r.nextInt(rank);
                    int size = m[0].shape()[d];
                    if (size == 0) continue;
                    int i = r.nextInt(2 * size) - size;
                    t[0] = t[0].select(d, i);
                    m[0] = m[0].select(d, i);
                    desc.append(".select(").append(d).append(',').append(i).append(')');
                }
                case 4 -> {
                    if (rank >= 5) continue;
                    int d = r.nextInt(rank + 1);
                    t[0] = t[0].unsqueeze(d);
                    m[0] = m[0].unsqueeze(d);
                    desc.append(".unsqueeze(").append(d).append(')');
                }
                case 5 -> {
                    int[] s = m[0].shape();
                    int d = r.nextInt(rank);
                    if (s[d] != 1) continue;
                    t[0] = t[0].squeeze(d);
                    // squeezing a size-1 dim is selecting index 0
                    m[0] = m[0].select(d, 0);
                    desc.append(".squeeze(").append(d).append(')');
                }
                default -> {
                    int[] s = m[0].shape();
                    int[] target = new int[s.length + r.nextInt(2)];
                    int shift = target.length - s.length;
                    for (int i = 0; i < target.length; i++) {
                        int d = i - shift;
                        target[i] = d < 0 || s[d] == 1 ? 1 + r.nextInt(3) : s[d];
                    }
                    t[0] = t[0].expand(target);
                    m[0] = m[0].expand(target);
                    desc.append(".expand").append(Arrays.toString(target));
                }
            }
        }
        return desc.toString();
    }

    @Property(tries = 300)
    void viewChainsReadWhatTheModelReads(@ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = randomShape(r, 4);
        double[] base = iota(shape);
        Tensor[] t = {Tensor.of(base.clone(), dev.kiln.DType.FLOAT64).reshape(shape)};
        IndexModel[] m = {IndexModel.of(base, shape)};
        String chain = applyChain(r, t, m, true);
        assertArrayEquals(m[0].shape(), t[0].shape(), "shape after " + Arrays.toString(shape) + chain);
        assertArrayEquals(m[0].values(), t[0].toDoubleArray(), "values after " + Arrays.toString(shape) + chain);
        // reshape to flat is the row-major order of the view, whether it copies or not
        assertArrayEquals(m[0].values(), t[0].reshape(-1).toDoubleArray(), "reshape(-1) after " + chain);
        assertArrayEquals(m[0].values(), t[0].contiguous().toDoubleArray(), "contiguous() after " + chain);
    }

    @Property(tries = 200)
    void writesThroughViewsReachTheBase(@ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = randomShape(r, 4);
        double[] base = iota(shape);
        Tensor root = Tensor.of(base.clone(), dev.kiln.DType.FLOAT64).reshape(shape);
        Tensor[] t = {root};
        IndexModel[] m = {IndexModel.of(base.clone(), shape)};
        String chain = applyChain(r, t, m, false);
        t[0].fill_(-7);
        double[] expected = base.clone();
        for (int[] idx : m[0].indices()) expected[m[0].toBase().apply(idx)] = -7;
        assertArrayEquals(expected, root.toDoubleArray(), "base after fill_ through " + Arrays.toString(shape) + chain);
        assertTrue(t[0].sharesStorage(root));
    }

    @Property(tries = 300)
    void broadcastingMatchesTheModel(@ForAll long seed) {
        Random r = new Random(seed);
        int[] full = randomShape(r, 4);
        int[] a = randomBroadcastable(r, full);
        int[] b = randomBroadcastable(r, full);
        double[] da = iota(a);
        double[] db = Arrays.stream(iota(b)).map(x -> x * 100).toArray();
        Tensor ta = Tensor.of(da, dev.kiln.DType.FLOAT64).reshape(a);
        Tensor tb = Tensor.of(db, dev.kiln.DType.FLOAT64).reshape(b);
        int[] outShape = new int[Math.max(a.length, b.length)];
        for (int i = 0; i < outShape.length; i++) {
            int ia = i - (outShape.length - a.length), ib = i - (outShape.length - b.length);
            outShape[i] = Math.max(ia >= 0 ? a[ia] : 1, ib >= 0 ? b[ib] : 1);
        }
        IndexModel ma = IndexModel.of(da, a).expand(outShape);
        IndexModel mb = IndexModel.of(db, b).expand(outShape);
        double[] va = ma.values(), vb = mb.values();
        double[] expected = new double[va.length];
        for (int i = 0; i < va.length; i++) expected[i] = va[i] + vb[i];
        Tensor sum = ta.add(tb);
        assertArrayEquals(outShape, sum.shape(), Arrays.toString(a) + " + " + Arrays.toString(b));
        assertArrayEquals(expected, sum.toDoubleArray(), Arrays.toString(a) + " + " + Arrays.toString(b));
    }

    private static int[] randomBroadcastable(Random r, int[] full) {
        int drop = r.nextInt(full.length);
        int[] s = Arrays.copyOfRange(full, drop, full.length);
        for (int i = 0; i < s.length; i++) if (r.nextInt(3) == 0) s[i] = 1;
        return s;
    }

    @Property(tries = 300)
    void indexStringsMatchTheModel(@ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = randomShape(r, 4);
        double[] base = iota(shape);
        Tensor t = Tensor.of(base, dev.kiln.DType.FLOAT64).reshape(shape);
        IndexModel m = IndexModel.of(base, shape);
        List<String> parts = new ArrayList<>();
        int consumable = shape.length;
        boolean ellipsis = false;
        int n = r.nextInt(shape.length + 2);
        List<Object[]> plan = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int kind = r.nextInt(5);
            if (kind == 3 && ellipsis) kind = 0;
            if ((kind <= 2) && consumable == 0) kind = 4;
            if (kind <= 1) {
                plan.add(new Object[] {"at"});
                consumable--;
            } else if (kind == 2) {
                plan.add(new Object[] {"slice"});
                consumable--;
            } else if (kind == 3) {
                plan.add(new Object[] {"..."});
                ellipsis = true;
            } else {
                plan.add(new Object[] {"None"});
            }
        }
        int consumedAfter;
        // resolve the plan against the model left to right
        int dim = 0;
        for (int k = 0; k < plan.size(); k++) {
            String kind = (String) plan.get(k)[0];
            switch (kind) {
                case "at" -> {
                    int size = m.shape()[dim];
                    int i = r.nextInt(2 * size) - size;
                    parts.add(Integer.toString(i));
                    m = m.select(dim, i);
                }
                case "slice" -> {
                    int size = m.shape()[dim];
                    Long start = r.nextBoolean() ? null : (long) (r.nextInt(2 * size + 3) - size - 1);
                    Long stop = r.nextBoolean() ? null : (long) (r.nextInt(2 * size + 3) - size - 1);
                    long step = 1 + r.nextInt(3);
                    parts.add((start == null ? "" : start) + ":" + (stop == null ? "" : stop) + (step == 1 && r.nextBoolean() ? "" : ":" + step));
                    m = m.slice(dim, start == null ? 0 : start, stop == null ? Long.MAX_VALUE : stop, step);
                    dim++;
                }
                case "..." -> {
                    parts.add("...");
                    consumedAfter = 0;
                    for (int j = k + 1; j < plan.size(); j++) {
                        String later = (String) plan.get(j)[0];
                        if (later.equals("at") || later.equals("slice")) consumedAfter++;
                    }
                    dim = m.shape().length - consumedAfter;
                }
                default -> {
                    parts.add("None");
                    m = m.unsqueeze(dim);
                    dim++;
                }
            }
        }
        String spec = String.join(", ", parts);
        Tensor v = t.index(spec);
        assertArrayEquals(m.shape(), v.shape(), Arrays.toString(shape) + "[" + spec + "]");
        assertArrayEquals(m.values(), v.toDoubleArray(), Arrays.toString(shape) + "[" + spec + "]");
        assertEquals(true, v.sharesStorage(t));
    }
}
