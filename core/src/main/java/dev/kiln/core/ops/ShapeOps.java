package dev.kiln.core.ops;

import dev.kiln.DType;
import dev.kiln.Index;
import dev.kiln.Tensor;
import dev.kiln.core.tensor.Dispatch;
import dev.kiln.core.tensor.Shapes;
import dev.kiln.core.tensor.TensorImpl;
import dev.kiln.core.tensor.TypePromotion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Views that share storage (view, transpose, slice, index ...) and the copies that join or lay out tensors. */
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
        return a.withLayout(shape, strides, a.storageOffset());
    }

    public static Tensor reshape(TensorImpl a, int[] requested) {
        int[] shape = Shapes.inferSize("reshape", requested, a.numel(), a.shapeRef());
        long[] strides = Shapes.viewStrides(a.shapeRef(), a.stridesRef(), shape);
        if (strides != null) return a.withLayout(shape, strides, a.storageOffset());
        TensorImpl c = copyOf(a);
        return c.withLayout(shape, Shapes.contiguousStrides(shape), 0);
    }

    public static Tensor transpose(TensorImpl a, int d0, int d1) {
        int r = a.dim();
        if (r == 0) {
            Shapes.wrapDim("transpose", d0, 0);
            Shapes.wrapDim("transpose", d1, 0);
            return a.withLayout(a.shapeRef(), a.stridesRef(), a.storageOffset());
        }
        int x = Shapes.wrapDim("transpose", d0, r);
        int y = Shapes.wrapDim("transpose", d1, r);
        int[] s = a.shape();
        long[] st = a.stride();
        int ts = s[x]; s[x] = s[y]; s[y] = ts;
        long tt = st[x]; st[x] = st[y]; st[y] = tt;
        return a.withLayout(s, st, a.storageOffset());
    }

    public static Tensor t(TensorImpl a) {
        if (a.dim() > 2) {
            throw new IllegalArgumentException("t(): expects a tensor with <= 2 dimensions, but self is " + a.dim()
                    + "D; use transpose(dim0, dim1) or permute()");
        }
        return a.dim() < 2 ? a.withLayout(a.shapeRef(), a.stridesRef(), a.storageOffset()) : transpose(a, 0, 1);
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
        for (int i = 0; i < r; i++) {
            int d = Shapes.wrapDim("permute", dims[i], r);
            if (seen[d]) {
                throw new IllegalArgumentException("permute: dims " + Arrays.toString(dims) + " is not a permutation of 0.."
                        + (r - 1) + " (dim " + d + " repeats)");
            }
            seen[d] = true;
            s[i] = a.shapeRef()[d];
            st[i] = a.stridesRef()[d];
        }
        return a.withLayout(s, st, a.storageOffset());
    }

    public static Tensor squeeze(TensorImpl a) {
        int[] shape = a.shapeRef();
        List<Integer> keep = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) if (shape[d] != 1) keep.add(d);
        return keepDims(a, keep);
    }

    public static Tensor squeeze(TensorImpl a, int dim) {
        if (a.dim() == 0) {
            Shapes.wrapDim("squeeze", dim, 0);
            return a.withLayout(a.shapeRef(), a.stridesRef(), a.storageOffset());
        }
        int d = Shapes.wrapDim("squeeze", dim, a.dim());
        if (a.shapeRef()[d] != 1) return a.withLayout(a.shapeRef(), a.stridesRef(), a.storageOffset());
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < a.dim(); i++) if (i != d) keep.add(i);
        return keepDims(a, keep);
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
        return a.withLayout(s, st, a.storageOffset());
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
        return a.withLayout(s, st, a.storageOffset());
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
        return sliceView(a, d, st, length, 1);
    }

    public static Tensor slice(TensorImpl a, int dim, long start, long end, long step) {
        if (a.dim() == 0) throw new IllegalArgumentException("slice() cannot be applied to a 0-dim tensor.");
        if (step <= 0) throw new IllegalArgumentException("slice: step must be positive, got " + step);
        int d = Shapes.wrapDim("slice", dim, a.dim());
        int size = a.shapeRef()[d];
        long s = clampBound(start, size);
        long e = clampBound(end, size);
        int len = e <= s ? 0 : (int) ((e - s + step - 1) / step);
        return sliceView(a, d, s, len, step);
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
        return a.withLayout(s, st, a.storageOffset() + i * a.stridesRef()[d]);
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
        return t;
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

    public static Tensor contiguous(TensorImpl a) {
        return a.isContiguous() ? a : copyOf(a);
    }

    /** A contiguous copy with its own storage. */
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
        for (TensorImpl t : ts) {
            if (t.dim() == 1 && t.numel() == 0 && ref.dim() != 1) continue;
            int len = t.shapeRef()[d];
            if (len > 0 && t.numel() > 0) {
                TensorImpl dst = sliceView(out, d, at, len, 1);
                Dispatch.copy("cat", out.backend(), t.spiView(), dst.spiView());
            }
            at += len;
        }
        return out;
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
        return cat(tensors.stream().map(t -> t.unsqueeze(d)).toList(), d);
    }
}
