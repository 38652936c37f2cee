package dev.kiln.core.ops;

import dev.kiln.DType;
import dev.kiln.Index;
import dev.kiln.Tensor;
import dev.kiln.core.autograd.Autograd;
import dev.kiln.core.autograd.GradMode;
import dev.kiln.core.tensor.Dispatch;
import dev.kiln.core.tensor.Shapes;
import dev.kiln.core.tensor.TensorImpl;
import dev.kiln.core.tensor.TypePromotion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Views that share storage (view, transpose, slice, index ...) and the copies that join or lay out tensors,
 * each with its derivative. A view records its node with {@link Autograd#recordView}, so an in-place write
 * through it is checked against the tensor it views; derivatives are written with differentiable tensor ops.
 */
public final class ShapeOps {
    private ShapeOps() {}

    public static Tensor view(TensorImpl a, int[] requested) {
        int[] shape = Shapes.inferSize("view", requested, a.numel(), a.shapeRef());
        long[] strides = Shapes.viewStrides(a.shapeRef(), a.stridesRef(), shape);
        if (strides == null) {
            throw new IllegalArgumentException("view: shape " + Shapes.str(shape) + " is not compatible with size "
                    + Shapes.str(a.shapeRef()) + " and stride " + Arrays.toString(a.stridesRef())
                    + " (at least one dimension spans across two contiguous subspaces); use reshape()");
        }
        int[] in = a.shape();
        return Autograd.recordView("ViewBackward0", a.withLayout(shape, strides, a.storageOffset()), a,
                (g, s) -> Autograd.grads(g.reshape(in)));
    }

    public static Tensor reshape(TensorImpl a, int[] requested) {
        int[] shape = Shapes.inferSize("reshape", requested, a.numel(), a.shapeRef());
        long[] strides = Shapes.viewStrides(a.shapeRef(), a.stridesRef(), shape);
        int[] in = a.shape();
        if (strides != null) {
            return Autograd.recordView("ReshapeAliasBackward0", a.withLayout(shape, strides, a.storageOffset()), a,
                    (g, s) -> Autograd.grads(g.reshape(in)));
        }
        TensorImpl c = copyOf(a).withLayout(shape, Shapes.contiguousStrides(shape), 0);
        return Autograd.record("UnsafeViewBackward0", c, Autograd.inputs(a), (g, s) -> Autograd.grads(g.reshape(in)));
    }

    public static Tensor transpose(TensorImpl a, int d0, int d1) {
        int r = a.dim();
        if (r == 0) {
            Shapes.wrapDim("transpose", d0, 0);
            Shapes.wrapDim("transpose", d1, 0);
            return alias("TransposeBackward0", a);
        }
        int x = Shapes.wrapDim("transpose", d0, r);
        int y = Shapes.wrapDim("transpose", d1, r);
        int[] s = a.shape();
        long[] st = a.stride();
        int ts = s[x]; s[x] = s[y]; s[y] = ts;
        long tt = st[x]; st[x] = st[y]; st[y] = tt;
        return Autograd.recordView("TransposeBackward0", a.withLayout(s, st, a.storageOffset()), a,
                (g, saved) -> Autograd.grads(g.transpose(x, y)));
    }

    public static Tensor t(TensorImpl a) {
        if (a.dim() > 2) {
            throw new IllegalArgumentException("t(): expects a tensor with <= 2 dimensions, but self is " + a.dim()
                    + "D; use transpose(dim0, dim1) or permute()");
        }
        TensorImpl out = a.dim() < 2 ? a.withLayout(a.shapeRef(), a.stridesRef(), a.storageOffset())
                : a.withLayout(new int[] {a.shapeRef()[1], a.shapeRef()[0]}, new long[] {a.stridesRef()[1], a.stridesRef()[0]},
                        a.storageOffset());
        return Autograd.recordView("TBackward0", out, a, (g, s) -> Autograd.grads(g.t()));
    }

    public static Tensor permute(TensorImpl a, int[] dims) {
        int r = a.dim();
        if (dims.length != r) {
            throw new IllegalArgumentException("permute: number of dims don't match in permute: dims " + Arrays.toString(dims)
                    + " for a tensor of " + r + " dimensions (shape " + Shapes.str(a.shapeRef()) + ")");
        }
        int[] s = new int[r];
        long[] st = new long[r];
        boolean[] seen = new boolean[r];
        int[] inverse = new int[r];
        for (int i = 0; i < r; i++) {
            int d = Shapes.wrapDim("permute", dims[i], r);
            if (seen[d]) {
                throw new IllegalArgumentException("permute: dims " + Arrays.toString(dims) + " is not a permutation of 0.."
                        + (r - 1) + " (dim " + d + " repeats)");
            }
            seen[d] = true;
            s[i] = a.shapeRef()[d];
            st[i] = a.stridesRef()[d];
            inverse[d] = i;
        }
        return Autograd.recordView("PermuteBackward0", a.withLayout(s, st, a.storageOffset()), a,
                (g, saved) -> Autograd.grads(g.permute(inverse)));
    }

    public static Tensor squeeze(TensorImpl a) {
        int[] shape = a.shapeRef();
        List<Integer> keep = new ArrayList<>();
        List<Integer> ones = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) (shape[d] != 1 ? keep : ones).add(d);
        int[] unit = ones.stream().mapToInt(Integer::intValue).toArray();
        return Autograd.recordView("SqueezeBackward0", keepDims(a, keep), a, (g, s) -> {
            Tensor r = g;
            for (int d : unit) r = r.unsqueeze(d);
            return Autograd.grads(r);
        });
    }

    public static Tensor squeeze(TensorImpl a, int dim) {
        if (a.dim() == 0) {
            Shapes.wrapDim("squeeze", dim, 0);
            return alias("SqueezeBackward1", a);
        }
        int d = Shapes.wrapDim("squeeze", dim, a.dim());
        if (a.shapeRef()[d] != 1) return alias("SqueezeBackward1", a);
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < a.dim(); i++) if (i != d) keep.add(i);
        return Autograd.recordView("SqueezeBackward1", keepDims(a, keep), a, (g, s) -> Autograd.grads(g.unsqueeze(d)));
    }

    private static TensorImpl keepDims(TensorImpl a, List<Integer> keep) {
        int[] s = new int[keep.size()];
        long[] st = new long[keep.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = a.shapeRef()[keep.get(i)];
            st[i] = a.stridesRef()[keep.get(i)];
        }
        return a.withLayout(s, st, a.storageOffset());
    }

    public static Tensor unsqueeze(TensorImpl a, int dim) {
        int r = a.dim();
        int d = Shapes.wrapDim("unsqueeze", dim, r + 1);
        int[] s = new int[r + 1];
        long[] st = new long[r + 1];
        for (int i = 0, j = 0; i <= r; i++) {
            if (i == d) {
                s[i] = 1;
                st[i] = j < r ? a.stridesRef()[j] * a.shapeRef()[j] : 1;
            } else {
                s[i] = a.shapeRef()[j];
                st[i] = a.stridesRef()[j++];
            }
        }
        return Autograd.recordView("UnsqueezeBackward0", a.withLayout(s, st, a.storageOffset()), a,
                (g, saved) -> Autograd.grads(g.squeeze(d)));
    }

    public static Tensor flatten(TensorImpl a, int startDim, int endDim) {
        if (a.dim() == 0) return a.reshape(1);
        int s = Shapes.wrapDim("flatten", startDim, a.dim());
        int e = Shapes.wrapDim("flatten", endDim, a.dim());
        if (s > e) throw new IllegalArgumentException("flatten: start_dim (" + startDim + ") cannot come after end_dim (" + endDim + ")");
        if (s == e) return a;
        int[] shape = a.shapeRef();
        int[] ns = new int[shape.length - (e - s)];
        int j = 0;
        for (int d = 0; d < s; d++) ns[j++] = shape[d];
        long m = 1;
        for (int d = s; d <= e; d++) m *= shape[d];
        ns[j++] = Math.toIntExact(m);
        for (int d = e + 1; d < shape.length; d++) ns[j++] = shape[d];
        return reshape(a, ns);
    }

    public static Tensor expand(TensorImpl a, int[] target) {
        int r = a.dim();
        if (target.length < r) {
            throw new IllegalArgumentException("expand: the number of sizes provided (" + target.length
                    + ") must be greater or equal to the number of dimensions in the tensor (" + r + ")");
        }
        int[] s = new int[target.length];
        long[] st = new long[target.length];
        int shift = target.length - r;
        for (int i = 0; i < target.length; i++) {
            int d = i - shift;
            int have = d >= 0 ? a.shapeRef()[d] : 1;
            int want = target[i];
            if (want == -1) {
                if (d < 0) throw new IllegalArgumentException("expand: -1 is not allowed in a leading, non-existing dimension " + i);
                want = have;
            }
            if (have == want) {
                s[i] = want;
                st[i] = d >= 0 ? a.stridesRef()[d] : 0;
            } else if (have == 1) {
                s[i] = want;
                st[i] = 0;
            } else {
                throw new IllegalArgumentException("expand: the expanded size of the tensor (" + want
                        + ") must match the existing size (" + have + ") at non-singleton dimension " + i + ".  Target sizes: "
                        + Arrays.toString(target) + ".  Tensor sizes: " + Shapes.str(a.shapeRef()));
            }
        }
        int[] in = a.shape();
        return Autograd.recordView("ExpandBackward0", a.withLayout(s, st, a.storageOffset()), a,
                (g, saved) -> Autograd.grads(Autograd.sumTo(g, in)));
    }

    public static Tensor narrow(TensorImpl a, int dim, int start, int length) {
        if (a.dim() == 0) throw new IllegalArgumentException("narrow() cannot be applied to a 0-dim tensor.");
        int d = Shapes.wrapDim("narrow", dim, a.dim());
        int size = a.shapeRef()[d];
        int st = start < 0 ? start + size : start;
        if (st < 0 || st > size || length < 0 || st + length > size) {
            throw new IndexOutOfBoundsException("narrow: start (" + start + ") + length (" + length
                    + ") exceeds dimension size (" + size + ") of dim " + d + " in shape " + Shapes.str(a.shapeRef()));
        }
        return recordSlice(a, sliceView(a, d, st, length, 1), d, st, st + length, 1);
    }

    public static Tensor slice(TensorImpl a, int dim, long start, long end, long step) {
        if (a.dim() == 0) throw new IllegalArgumentException("slice() cannot be applied to a 0-dim tensor.");
        if (step <= 0) throw new IllegalArgumentException("slice: step must be positive, got " + step);
        int d = Shapes.wrapDim("slice", dim, a.dim());
        int size = a.shapeRef()[d];
        long s = clampBound(start, size);
        long e = clampBound(end, size);
        int len = e <= s ? 0 : (int) ((e - s + step - 1) / step);
        return recordSlice(a, sliceView(a, d, s, len, step), d, s, e, step);
    }

    /** Records SliceBackward0 (slice and narrow): the gradient goes back into zeros through the same slice. */
    private static Tensor recordSlice(TensorImpl a, TensorImpl out, int d, long start, long end, long step) {
        int[] in = a.shape();
        return Autograd.recordView("SliceBackward0", out, a, (g, s) -> Autograd.grads(
                ViewGrads.embed("SliceBackwardBackward0", g, in, t -> t.slice(d, start, end, step))));
    }

    private static long clampBound(long b, int size) {
        if (b < 0) b += size;
        return Math.max(0, Math.min(b, size));
    }

    private static TensorImpl sliceView(TensorImpl a, int d, long start, int length, long step) {
        int[] s = a.shape();
        long[] st = a.stride();
        long offset = a.storageOffset() + start * st[d];
        s[d] = length;
        st[d] *= step;
        return a.withLayout(s, st, offset);
    }

    public static Tensor select(TensorImpl a, int dim, long index) {
        if (a.dim() == 0) throw new IllegalArgumentException("select() cannot be applied to a 0-dim tensor.");
        int d = Shapes.wrapDim("select", dim, a.dim());
        int size = a.shapeRef()[d];
        if (index < -size || index >= size) {
            throw new IndexOutOfBoundsException("select(): index " + index + " out of range for tensor of size "
                    + Shapes.str(a.shapeRef()) + " at dimension " + d);
        }
        long i = index < 0 ? index + size : index;
        int[] s = new int[a.dim() - 1];
        long[] st = new long[a.dim() - 1];
        for (int k = 0, j = 0; k < a.dim(); k++) {
            if (k == d) continue;
            s[j] = a.shapeRef()[k];
            st[j++] = a.stridesRef()[k];
        }
        int[] in = a.shape();
        return Autograd.recordView("SelectBackward0", a.withLayout(s, st, a.storageOffset() + i * a.stridesRef()[d]), a,
                (g, saved) -> Autograd.grads(ViewGrads.embed("SelectBackwardBackward0", g, in, v -> v.select(d, i))));
    }

    /** PyTorch's basic indexing: integers, slices, one ellipsis and new axes. */
    public static Tensor index(TensorImpl a, Index[] indices) {
        int consuming = 0;
        int ellipses = 0;
        for (Index ix : indices) {
            if (ix instanceof Index.At || ix instanceof Index.Slice) consuming++;
            if (ix instanceof Index.Ellipsis) ellipses++;
        }
        if (ellipses > 1) throw new IllegalArgumentException("index: an index can only have a single ellipsis ('...')");
        if (consuming > a.dim()) {
            throw new IndexOutOfBoundsException("index: too many indices for tensor of dimension " + a.dim()
                    + " (got " + consuming + ": " + Arrays.toString(indices) + ")");
        }
        TensorImpl t = a;
        int dim = 0;
        for (Index ix : indices) {
            switch (ix) {
                case Index.At at -> {
                    int size = t.shapeRef()[dim];
                    if (at.index() < -size || at.index() >= size) {
                        throw new IndexOutOfBoundsException("index " + at.index() + " is out of bounds for dimension " + dim
                                + " with size " + size);
                    }
                    t = (TensorImpl) select(t, dim, at.index());
                }
                case Index.Slice sl -> {
                    long start = sl.start() == null ? 0 : sl.start();
                    long stop = sl.stop() == null ? Long.MAX_VALUE : sl.stop();
                    t = (TensorImpl) slice(t, dim, start, stop, sl.step());
                    dim++;
                }
                case Index.Ellipsis e -> dim += t.dim() - dim - remainingConsuming(indices, ix);
                case Index.NewAxis n -> {
                    t = (TensorImpl) unsqueeze(t, dim);
                    dim++;
                }
            }
        }
        if (t != a) return t;
        // only an ellipsis (or nothing): a new view of the whole tensor, as PyTorch's x[...]
        return alias("AliasBackward0", a);
    }

    /** A view of all of {@code a} with its own layout unchanged, recorded as {@code name}; the gradient passes through. */
    private static Tensor alias(String name, TensorImpl a) {
        return Autograd.recordView(name, a.withLayout(a.shapeRef(), a.stridesRef(), a.storageOffset()), a,
                (g, s) -> Autograd.grads(g));
    }

    /** Dims consumed by the components after {@code from}. */
    private static int remainingConsuming(Index[] indices, Index from) {
        int n = 0;
        boolean after = false;
        for (Index ix : indices) {
            if (ix == from) after = true;
            else if (after && (ix instanceof Index.At || ix instanceof Index.Slice)) n++;
        }
        return n;
    }

    /** {@code a} itself when contiguous, else {@link #clone its clone} (CloneBackward0, as PyTorch records). */
    public static Tensor contiguous(TensorImpl a) {
        return a.isContiguous() ? a : clone(a);
    }

    /**
     * {@code clone()}: a contiguous copy with its own storage, recorded as CloneBackward0. Ops that copy as
     * part of their own forward use {@link #copyOf}, which records nothing.
     */
    public static TensorImpl clone(TensorImpl a) {
        return Autograd.record("CloneBackward0", copyOf(a), Autograd.inputs(a), (g, s) -> Autograd.grads(g));
    }

    /** A contiguous copy with its own storage, outside autograd (for ops that record their own node). */
    public static TensorImpl copyOf(TensorImpl a) {
        TensorImpl out = TensorImpl.allocate(a.backend(), a.dtype(), a.shapeRef());
        if (a.numel() > 0) Dispatch.copy("clone", a.backend(), a.spiView(), out.spiView());
        return out;
    }

    // ---- joining ----

    public static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("cat: expected a non-empty list of Tensors");
        List<TensorImpl> ts = tensors.stream().map(TensorImpl::of).toList();
        TensorImpl first = ts.getFirst();
        // PyTorch skips legacy 1-D empty tensors
        TensorImpl ref = ts.stream().filter(t -> !(t.dim() == 1 && t.numel() == 0)).findFirst().orElse(first);
        if (ref.dim() == 0) throw new IllegalArgumentException("cat: zero-dimensional tensor (at position 0) cannot be concatenated");
        int d = Shapes.wrapDim("cat", dim, ref.dim());
        DType dtype = ts.getFirst().dtype();
        long total = 0;
        for (int i = 0; i < ts.size(); i++) {
            TensorImpl t = ts.get(i);
            Elementwise.sameBackend("cat", first, t);
            dtype = i == 0 ? dtype : TypePromotion.resultType(dtype, 1, t.dtype(), 1);
            if (t.dim() == 1 && t.numel() == 0 && ref.dim() != 1) continue;
            if (t.dim() != ref.dim()) {
                throw new IllegalArgumentException("cat: tensors must have same number of dimensions: got " + ref.dim()
                        + " and " + t.dim() + " (tensor number " + i + " has shape " + Shapes.str(t.shapeRef()) + ")");
            }
            for (int k = 0; k < ref.dim(); k++) {
                if (k != d && t.shapeRef()[k] != ref.shapeRef()[k]) {
                    throw new IllegalArgumentException("cat: sizes of tensors must match except in dimension " + d
                            + ". Expected size " + ref.shapeRef()[k] + " but got size " + t.shapeRef()[k] + " for tensor number "
                            + i + " in the list (shapes " + Shapes.str(ref.shapeRef()) + " and " + Shapes.str(t.shapeRef()) + ")");
                }
            }
            total += t.shapeRef()[d];
        }
        int[] shape = ref.shape();
        shape[d] = Math.toIntExact(total);
        TensorImpl out = TensorImpl.allocate(first.backend(), dtype, shape);
        int at = 0;
        int[] starts = new int[ts.size()];
        int[] lengths = new int[ts.size()];
        for (int i = 0; i < ts.size(); i++) {
            TensorImpl t = ts.get(i);
            starts[i] = at;
            lengths[i] = -1; // a skipped legacy empty tensor
            if (t.dim() == 1 && t.numel() == 0 && ref.dim() != 1) continue;
            int len = t.shapeRef()[d];
            if (len > 0 && t.numel() > 0) {
                TensorImpl dst = sliceView(out, d, at, len, 1);
                Dispatch.copy("cat", out.backend(), t.spiView(), dst.spiView());
            }
            lengths[i] = len;
            at += len;
        }
        return Autograd.record("CatBackward0", out, tensors.toArray(new Tensor[0]), (g, s) -> {
            Tensor[] grads = new Tensor[starts.length];
            for (int i = 0; i < grads.length; i++) {
                if (!s.needs(i)) continue;
                grads[i] = lengths[i] < 0 ? Elementwise.zeros(TensorImpl.of(g), new int[] {0})
                        : g.slice(d, starts[i], (long) starts[i] + lengths[i]);
            }
            return grads;
        });
    }

    public static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("stack: expects a non-empty list of tensors");
        int[] s0 = tensors.getFirst().shape();
        for (int i = 1; i < tensors.size(); i++) {
            if (!Arrays.equals(s0, tensors.get(i).shape())) {
                throw new IllegalArgumentException("stack: expects each tensor to be equal size, but got " + Shapes.str(s0)
                        + " at entry 0 and " + Shapes.str(tensors.get(i).shape()) + " at entry " + i);
            }
        }
        int d = Shapes.wrapDim("stack", dim, s0.length + 1);
        Tensor out;
        try (var off = GradMode.disable()) {
            out = cat(tensors.stream().map(t -> t.unsqueeze(d)).toList(), d);
        }
        int n = tensors.size();
        return Autograd.record("StackBackward0", out, tensors.toArray(new Tensor[0]), (g, s) -> {
            Tensor[] grads = new Tensor[n];
            for (int i = 0; i < n; i++) if (s.needs(i)) grads[i] = g.select(d, i);
            return grads;
        });
    }
}
