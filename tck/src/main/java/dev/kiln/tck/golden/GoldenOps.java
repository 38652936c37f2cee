package dev.kiln.tck.golden;

import dev.kiln.Tensor;
import dev.kiln.nn.F;

import java.util.List;

/**
 * Maps a golden case's op name and kwargs to the Kiln call, and builds its input tensors.
 * Kwargs an op does not know are refused (so a case is never run with an argument silently
 * dropped); absent kwargs take PyTorch's defaults.
 */
public final class GoldenOps {
    private GoldenOps() {}

    /** The op names this mapping knows. */
    public static final List<String> OPS = List.of("add", "sub", "mul", "div", "neg", "exp", "log", "sqrt", "abs",
            "tanh", "sigmoid", "relu", "pow", "sum", "mean", "amax", "matmul", "linear", "reshape", "transpose",
            "permute", "flatten", "squeeze", "unsqueeze", "cat", "stack", "softmax", "log_softmax", "cross_entropy",
            "nll_loss", "mse_loss", "conv2d", "max_pool2d");

    /** The stored tensor of an input, on the current runtime's default device, with its dtype. */
    public static Tensor stored(GoldenCase.TensorData data) {
        int[] shape = data.shape();
        double[] v = data.data();
        return switch (data.dtype().kind()) {
            case FLOAT -> Tensor.wrap(v.clone(), shape).to(data.dtype());
            case INTEGER -> {
                long[] l = new long[v.length];
                for (int i = 0; i < l.length; i++) l[i] = (long) v[i];
                yield Tensor.wrap(l, shape).to(data.dtype());
            }
            case BOOL -> {
                boolean[] b = new boolean[v.length];
                for (int i = 0; i < b.length; i++) b[i] = v[i] != 0;
                yield Tensor.of(b).reshape(shape);
            }
        };
    }

    /** The tensor the op sees for an input: the stored tensor, viewed when the case says so. */
    public static Tensor argument(GoldenCase.Input input) {
        return view(stored(input.stored()), input.view());
    }

    /** {@code t} viewed as {@code view} says, or {@code t} itself when {@code view} is null. */
    public static Tensor view(Tensor t, GoldenCase.View view) {
        if (view == null) return t;
        return switch (view.kind()) {
            case TRANSPOSE -> t.transpose(view.dims()[0], view.dims()[1]);
            case PERMUTE -> t.permute(view.dims());
        };
    }

    /** Runs {@code c.op()} on {@code args} (one per input, in order) with the case's kwargs. */
    public static Tensor apply(GoldenCase c, List<Tensor> args) {
        String op = c.op();
        Kwargs kw = c.kwargs();
        return switch (op) {
            case "add", "sub", "mul", "div" -> binary(op, args, kw);
            case "neg", "exp", "log", "sqrt", "abs", "tanh", "sigmoid", "relu" -> {
                kw.allowOnly(op);
                Tensor x = only(op, args, 1).get(0);
                yield switch (op) {
                    case "neg" -> x.neg();
                    case "exp" -> x.exp();
                    case "log" -> x.log();
                    case "sqrt" -> x.sqrt();
                    case "abs" -> x.abs();
                    case "tanh" -> x.tanh();
                    case "sigmoid" -> x.sigmoid();
                    default -> x.relu();
                };
            }
            case "pow" -> {
                kw.allowOnly(op, "exponent");
                if (args.size() == 2) yield args.get(0).pow(args.get(1));
                yield only(op, args, 1).get(0).pow(kw.number(op, "exponent"));
            }
            case "sum", "mean" -> {
                kw.allowOnly(op, "dim", "keepdim");
                Tensor x = only(op, args, 1).get(0);
                boolean keepdim = kw.bool(op, "keepdim", false);
                int[] dims = dims(op, kw, x);
                if (dims == null) yield keepdim ? reduceAll(op, x, true) : (op.equals("sum") ? x.sum() : x.mean());
                if (!kw.isList("dim")) yield op.equals("sum") ? x.sum(dims[0], keepdim) : x.mean(dims[0], keepdim);
                yield op.equals("sum") ? x.sum(dims, keepdim) : x.mean(dims, keepdim);
            }
            case "amax" -> {
                kw.allowOnly(op, "dim", "keepdim");
                Tensor x = only(op, args, 1).get(0);
                int[] dims = dims(op, kw, x);
                yield x.amax(dims == null ? allDims(x) : dims, kw.bool(op, "keepdim", false));
            }
            case "matmul" -> {
                kw.allowOnly(op);
                List<Tensor> a = only(op, args, 2);
                yield a.get(0).matmul(a.get(1));
            }
            case "linear" -> {
                kw.allowOnly(op);
                if (args.size() != 2 && args.size() != 3) throw arity(op, "2 or 3 (input, weight[, bias])", args);
                yield F.linear(args.get(0), args.get(1), args.size() == 3 ? args.get(2) : null);
            }
            case "reshape" -> {
                kw.allowOnly(op, "shape");
                yield only(op, args, 1).get(0).reshape(kw.intList(op, "shape"));
            }
            case "transpose" -> {
                kw.allowOnly(op, "dim0", "dim1");
                yield only(op, args, 1).get(0).transpose(kw.intValue(op, "dim0"), kw.intValue(op, "dim1"));
            }
            case "permute" -> {
                kw.allowOnly(op, "dims");
                yield only(op, args, 1).get(0).permute(kw.intList(op, "dims"));
            }
            case "flatten" -> {
                kw.allowOnly(op, "start_dim", "end_dim");
                yield only(op, args, 1).get(0).flatten(kw.intValue(op, "start_dim", 0), kw.intValue(op, "end_dim", -1));
            }
            case "squeeze" -> {
                kw.allowOnly(op, "dim");
                Tensor x = only(op, args, 1).get(0);
                yield kw.has("dim") ? x.squeeze(kw.intValue(op, "dim")) : x.squeeze();
            }
            case "unsqueeze" -> {
                kw.allowOnly(op, "dim");
                yield only(op, args, 1).get(0).unsqueeze(kw.intValue(op, "dim"));
            }
            case "cat" -> {
                kw.allowOnly(op, "dim");
                yield Tensor.cat(args, kw.intValue(op, "dim", 0));
            }
            case "stack" -> {
                kw.allowOnly(op, "dim");
                yield Tensor.stack(args, kw.intValue(op, "dim", 0));
            }
            case "softmax", "log_softmax" -> {
                kw.allowOnly(op, "dim");
                Tensor x = only(op, args, 1).get(0);
                int dim = kw.intValue(op, "dim");
                yield op.equals("softmax") ? F.softmax(x, dim) : F.logSoftmax(x, dim);
            }
            case "cross_entropy", "nll_loss", "mse_loss" -> {
                kw.allowOnly(op, "reduction");
                List<Tensor> a = only(op, args, 2);
                F.Reduction r = reduction(op, kw);
                yield switch (op) {
                    case "cross_entropy" -> F.crossEntropy(a.get(0), a.get(1), r);
                    case "nll_loss" -> F.nllLoss(a.get(0), a.get(1), r);
                    default -> F.mseLoss(a.get(0), a.get(1), r);
                };
            }
            case "conv2d" -> {
                kw.allowOnly(op, "stride", "padding");
                if (args.size() != 2 && args.size() != 3) throw arity(op, "2 or 3 (input, weight[, bias])", args);
                yield F.conv2d(args.get(0), args.get(1), args.size() == 3 ? args.get(2) : null,
                        square(op, kw, "stride", 1), square(op, kw, "padding", 0));
            }
            case "max_pool2d" -> {
                kw.allowOnly(op, "kernel_size", "stride", "padding");
                Tensor x = only(op, args, 1).get(0);
                int kernel = square(op, kw, "kernel_size", -1);
                if (kernel < 1) throw new IllegalArgumentException(op + ": kwarg 'kernel_size' must be a positive integer");
                int stride = square(op, kw, "stride", kernel);
                yield F.maxPool2d(x, kernel, stride, square(op, kw, "padding", 0));
            }
            default -> throw new IllegalArgumentException("unknown golden op '" + op + "'; known: " + String.join(", ", OPS));
        };
    }

    private static Tensor binary(String op, List<Tensor> args, Kwargs kw) {
        kw.allowOnly(op, "other");
        Tensor x = args.get(0);
        if (args.size() == 2) {
            if (kw.has("other")) throw new IllegalArgumentException(op + ": 'other' given both as a tensor input and a kwarg");
            Tensor y = args.get(1);
            return switch (op) {
                case "add" -> x.add(y);
                case "sub" -> x.sub(y);
                case "mul" -> x.mul(y);
                default -> x.div(y);
            };
        }
        only(op, args, 1);
        double y = kw.number(op, "other");
        return switch (op) {
            case "add" -> x.add(y);
            case "sub" -> x.sub(y);
            case "mul" -> x.mul(y);
            default -> x.div(y);
        };
    }

    private static Tensor reduceAll(String op, Tensor x, boolean keepdim) {
        return op.equals("sum") ? x.sum(allDims(x), keepdim) : x.mean(allDims(x), keepdim);
    }

    /** The {@code dim} kwarg as dims; null when absent (reduce all). An empty list also means all. */
    private static int[] dims(String op, Kwargs kw, Tensor x) {
        if (!kw.has("dim")) return null;
        int[] dims = kw.intList(op, "dim");
        return dims.length == 0 ? allDims(x) : dims;
    }

    private static int[] allDims(Tensor x) {
        int[] all = new int[x.dim()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        return all;
    }

    private static F.Reduction reduction(String op, Kwargs kw) {
        String r = kw.string(op, "reduction", "mean");
        return switch (r) {
            case "mean" -> F.Reduction.MEAN;
            case "sum" -> F.Reduction.SUM;
            case "none" -> F.Reduction.NONE;
            default -> throw new IllegalArgumentException(op + ": reduction '" + r + "' is not one of mean, sum, none");
        };
    }

    /** An int kwarg that PyTorch also accepts as a pair; Kiln's functional API takes one value for both dims. */
    private static int square(String op, Kwargs kw, String name, int dflt) {
        if (!kw.has(name)) return dflt;
        if (!kw.isList(name)) return kw.intValue(op, name);
        int[] pair = kw.intList(op, name);
        if (pair.length == 2 && pair[0] == pair[1]) return pair[0];
        if (pair.length == 1) return pair[0];
        throw new IllegalArgumentException(op + ": kwarg '" + name + "' = " + java.util.Arrays.toString(pair)
                + " has different values per dim; Kiln's F." + op + " takes one value for both");
    }

    private static List<Tensor> only(String op, List<Tensor> args, int n) {
        if (args.size() != n) throw arity(op, Integer.toString(n), args);
        return args;
    }

    private static IllegalArgumentException arity(String op, String expected, List<Tensor> args) {
        return new IllegalArgumentException(op + ": expects " + expected + " tensor inputs, the case has " + args.size());
    }
}
