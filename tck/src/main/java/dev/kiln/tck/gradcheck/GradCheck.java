package dev.kiln.tck.gradcheck;

import dev.kiln.DType;
import dev.kiln.Kiln;
import dev.kiln.Tensor;
import dev.kiln.spi.UnsupportedKernelException;
import dev.kiln.tck.samples.OpSample;
import dev.kiln.tck.samples.SampleInput;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code torch.autograd.gradcheck} and {@code gradgradcheck} for Kiln, in float64 on the current runtime.
 *
 * <p>gradcheck compares the analytic vector-Jacobian product of a sample's op ({@link Kiln#grad} with a random
 * grad_output {@code v}) with central finite differences of {@code <op(x), v>} with respect to each element
 * of each input that requires grad. gradgradcheck differentiates the backward itself: the first-order
 * vJp is computed with {@code createGraph}, and the gradient of {@code <vJp, u>} (random {@code u}) with respect
 * to the inputs and to {@code v} is compared with central finite differences of {@code <vJp(x, v), u>}.
 *
 * <p>Tolerances are PyTorch's defaults: step {@value #EPS}, an element passes when
 * {@code |analytic - numeric| <= atol + rtol * |numeric|} with atol {@value #ATOL} and rtol {@value #RTOL}.
 * Neither check throws for a failing op: the result says what failed, and a backend that declares it lacks
 * a kernel ({@link UnsupportedKernelException} anywhere in the cause chain) gives an unsupported result.
 */
public final class GradCheck {
    private GradCheck() {}

    /** The finite-difference step. */
    public static final double EPS = 1e-6;
    /** The absolute tolerance. */
    public static final double ATOL = 1e-5;
    /** The relative tolerance. */
    public static final double RTOL = 1e-3;

    private static final long SEED = 0x6772616463686BL;

    /** First derivatives of {@code s} on the current runtime. */
    public static CheckResult gradcheck(OpSample s) {
        return guarded(s, "gradcheck", () -> firstOrder(s));
    }

    /**
     * Second derivatives of {@code s} on the current runtime. A sample that is not
     * {@link OpSample#twiceDifferentiable()} is answered unsupported, with the reason.
     */
    public static CheckResult gradgradcheck(OpSample s) {
        if (!s.twiceDifferentiable()) {
            return new CheckResult(s.name(), s.op(), false, true,
                    "gradgradcheck: the sample is marked first-order only (not twice differentiable as sampled)", Double.NaN, Double.NaN);
        }
        return guarded(s, "gradgradcheck", () -> secondOrder(s));
    }

    // ---- first order ----

    private static CheckResult firstOrder(OpSample s) {
        List<SampleInput> ins = s.inputs();
        int[] diff = differentiable(ins);
        if (diff.length == 0) return fail(s, "gradcheck: no input of the sample requires grad");
        SplittableRandom random = random(s, 1);

        Phase.set("forward");
        List<Tensor> leaves = leaves(ins);
        Tensor out = s.apply(arguments(ins, leaves));
        String bad = checkOutput(out);
        if (bad != null) return fail(s, "gradcheck: " + bad);
        double[] v = uniform(random, out.numel());

        Phase.set("backward");
        List<Tensor> grads = Kiln.grad(List.of(out), select(leaves, diff), List.of(wrap(v, out.shape())), false, false, true);

        Comparison c = new Comparison(RTOL, ATOL);
        for (int j = 0; j < diff.length; j++) {
            int k = diff[j];
            SampleInput in = ins.get(k);
            double[] analytic = values(grads.get(j), in.shape(), "gradient of input " + k);
            Phase.set("finite differences of input " + k);
            double[] numeric = differences(in.values(), x -> dot(evaluate(s, replace(ins, k, in.withValues(x))), v));
            c.add("input " + k, in.shape(), analytic, numeric);
        }
        return result(s, c, "gradcheck");
    }

    // ---- second order ----

    private static CheckResult secondOrder(OpSample s) {
        List<SampleInput> ins = s.inputs();
        int[] diff = differentiable(ins);
        if (diff.length == 0) return fail(s, "gradgradcheck: no input of the sample requires grad");
        SplittableRandom random = random(s, 2);

        Phase.set("forward");
        List<Tensor> leaves = leaves(ins);
        Tensor out = s.apply(arguments(ins, leaves));
        String bad = checkOutput(out);
        if (bad != null) return fail(s, "gradgradcheck: " + bad);
        int[] outShape = out.shape();
        double[] v = uniform(random, out.numel());
        List<double[]> u = new ArrayList<>();
        for (int k : diff) u.add(uniform(random, SampleInput.numel(ins.get(k).shape())));

        Phase.set("backward with createGraph");
        Tensor vLeaf = wrap(v, outShape).requiresGrad(true);
        List<Tensor> firsts = Kiln.grad(List.of(out), select(leaves, diff), List.of(vLeaf), true, true, true);

        Phase.set("double backward");
        List<Tensor> outputs = new ArrayList<>();
        List<Tensor> weights = new ArrayList<>();
        for (int j = 0; j < diff.length; j++) {
            Tensor g = firsts.get(j);
            if (g != null && g.requiresGrad()) {
                outputs.add(g);
                weights.add(wrap(u.get(j), ins.get(diff[j]).shape()));
            }
        }
        List<Tensor> wrt = new ArrayList<>(select(leaves, diff));
        wrt.add(vLeaf);
        List<Tensor> seconds = outputs.isEmpty()
                ? Arrays.asList(new Tensor[wrt.size()])
                : Kiln.grad(outputs, wrt, weights, false, false, true);

        Comparison c = new Comparison(RTOL, ATOL);
        for (int j = 0; j < diff.length; j++) {
            int k = diff[j];
            SampleInput in = ins.get(k);
            double[] analytic = values(seconds.get(j), in.shape(), "second derivative w.r.t. input " + k);
            Phase.set("finite differences of the vJp w.r.t. input " + k);
            double[] numeric = differences(in.values(), x -> weightedVjp(s, replace(ins, k, in.withValues(x)), diff, v, outShape, u));
            c.add("input " + k, in.shape(), analytic, numeric);
        }
        double[] analyticV = values(seconds.get(diff.length), outShape, "second derivative w.r.t. grad_output");
        Phase.set("finite differences of the vJp w.r.t. grad_output");
        double[] numericV = differences(v, x -> weightedVjp(s, ins, diff, x, outShape, u));
        c.add("grad_output", outShape, analyticV, numericV);
        return result(s, c, "gradgradcheck");
    }

    /** {@code sum_j <vJp_j(inputs, v), u_j>}: the first-order gradients weighted by {@code u}. */
    private static double weightedVjp(OpSample s, List<SampleInput> ins, int[] diff, double[] v, int[] outShape, List<double[]> u) {
        List<Tensor> leaves = leaves(ins);
        Tensor out = s.apply(arguments(ins, leaves));
        List<Tensor> grads = Kiln.grad(List.of(out), select(leaves, diff), List.of(wrap(v, outShape)), false, false, true);
        double total = 0;
        for (int j = 0; j < diff.length; j++) {
            Tensor g = grads.get(j);
            if (g != null) total += dot(g.toDoubleArray(), u.get(j));
        }
        return total;
    }

    // ---- finite differences ----

    @FunctionalInterface
    private interface ScalarFunction {
        double at(double[] x);
    }

    /** Central differences of {@code f} at {@code x}, one element at a time. */
    private static double[] differences(double[] x, ScalarFunction f) {
        double[] point = x.clone();
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            point[i] = x[i] + EPS;
            double plus = f.at(point);
            point[i] = x[i] - EPS;
            double minus = f.at(point);
            point[i] = x[i];
            d[i] = (plus - minus) / (2 * EPS);
        }
        return d;
    }

    /** The op's output elements with autograd off. */
    private static double[] evaluate(OpSample s, List<SampleInput> ins) {
        try (var off = Kiln.noGrad()) {
            return s.apply(arguments(ins, leaves(ins))).toDoubleArray();
        }
    }

    // ---- helpers ----

    private static List<Tensor> leaves(List<SampleInput> ins) {
        List<Tensor> leaves = new ArrayList<>(ins.size());
        for (SampleInput in : ins) leaves.add(in.leaf(DType.FLOAT64));
        return leaves;
    }

    private static List<Tensor> arguments(List<SampleInput> ins, List<Tensor> leaves) {
        List<Tensor> args = new ArrayList<>(ins.size());
        for (int i = 0; i < ins.size(); i++) args.add(ins.get(i).argument(leaves.get(i)));
        return args;
    }

    private static int[] differentiable(List<SampleInput> ins) {
        return java.util.stream.IntStream.range(0, ins.size()).filter(i -> ins.get(i).requiresGrad()).toArray();
    }

    private static List<Tensor> select(List<Tensor> all, int[] which) {
        List<Tensor> r = new ArrayList<>(which.length);
        for (int i : which) r.add(all.get(i));
        return r;
    }

    private static List<SampleInput> replace(List<SampleInput> ins, int k, SampleInput in) {
        List<SampleInput> r = new ArrayList<>(ins);
        r.set(k, in);
        return r;
    }

    /** Null when the op's output can be checked in float64, else why not. */
    private static String checkOutput(Tensor out) {
        if (out == null) return "the op returned null";
        if (out.dtype() != DType.FLOAT64) {
            return "the output is " + out.dtype().torchName() + "; the checks run in float64 and need a float64 output";
        }
        if (!out.requiresGrad()) return "the output does not require grad (no grad_fn was recorded for the op)";
        return null;
    }

    /** A gradient's elements, zeros for an unused (null) one; fails when its shape is not the tensor's. */
    private static double[] values(Tensor grad, int[] shape, String what) {
        if (grad == null) return new double[(int) SampleInput.numel(shape)];
        if (!Arrays.equals(grad.shape(), shape)) {
            throw new IllegalStateException(what + " has shape " + Arrays.toString(grad.shape()) + ", expected "
                    + Arrays.toString(shape));
        }
        return grad.toDoubleArray();
    }

    private static Tensor wrap(double[] values, int[] shape) {
        return Tensor.wrap(values.clone(), shape.clone());
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double[] uniform(SplittableRandom random, long n) {
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = random.nextDouble(-1, 1);
        return v;
    }

    /** The same random vectors for a sample on every run and backend. */
    private static SplittableRandom random(OpSample s, int order) {
        return new SplittableRandom(SEED ^ ((long) s.name().hashCode() << 8) ^ order);
    }

    // ---- results ----

    private interface Check {
        CheckResult run();
    }

    private static CheckResult guarded(OpSample s, String kind, Check check) {
        Phase.set("forward");
        try {
            return check.run();
        } catch (RuntimeException | StackOverflowError e) {
            UnsupportedKernelException u = unsupported(e);
            if (u != null) return new CheckResult(s.name(), s.op(), false, true, kind + ": " + u.getMessage(), Double.NaN, Double.NaN);
            return fail(s, kind + ": " + Phase.get() + " threw " + describe(e));
        } finally {
            Phase.clear();
        }
    }

    private static CheckResult result(OpSample s, Comparison c, String kind) {
        return new CheckResult(s.name(), s.op(), c.passed(), false, c.summary(kind), c.maxAbs(), c.maxRel());
    }

    private static CheckResult fail(OpSample s, String message) {
        return new CheckResult(s.name(), s.op(), false, false, message, Double.NaN, Double.NaN);
    }

    private static UnsupportedKernelException unsupported(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnsupportedKernelException u) return u;
        }
        return null;
    }

    private static String describe(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        String where = trace.length == 0 ? "" : " at " + trace[0];
        String cause = e.getCause() == null || e.getCause() == e ? "" : " (caused by " + e.getCause() + ")";
        return e.getClass().getSimpleName() + ": " + e.getMessage() + where + cause;
    }

    /** What the running check is doing, for the message of an exception (one check per thread at a time). */
    private static final class Phase {
        private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

        static void set(String phase) { CURRENT.set(phase); }

        static String get() {
            String p = CURRENT.get();
            return p == null ? "the check" : p;
        }

        static void clear() { CURRENT.remove(); }
    }
}
