package dev.kiln.examples.tour;

import dev.kiln.DType;
import dev.kiln.Device;
import dev.kiln.Kiln;
import dev.kiln.KilnRuntime;
import dev.kiln.Tensor;
import dev.kiln.nn.F;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The tensor parts of the PyTorch tutorials in {@code ../shared/tutorials}, written against the Kiln
 * api. Each step prints the Java code (after {@code >}) and what it prints; the tensors print as
 * PyTorch prints them ({@link Tensor#toString()}), so the output reads like the tutorials'.
 *
 * <p>Sections run one after another; a step that throws ends its section (marked {@code !!}) and the
 * tour goes on with the next one, so one broken op does not hide the rest. {@link #run} returns
 * every step with its output, which the tests compare with what the tutorials show PyTorch printing.
 */
public final class TensorTour {

    /**
     * One step of the tour.
     *
     * @param section the section title
     * @param code    the Java code shown (one or more lines)
     * @param output  what it printed (no trailing newline), or the error for a failed step
     * @param failed  true when the step threw where it should not have (or did not throw where it should)
     */
    public record Step(String section, String code, String output, boolean failed) {}

    /**
     * The steps run, in order.
     *
     * @param all every step
     */
    public record Result(List<Step> all) {
        /** Number of steps run. */
        public int steps() { return all.size(); }

        /** Number of failed steps. */
        public int failed() { return (int) all.stream().filter(Step::failed).count(); }

        /** The output of the step whose code is exactly {@code code}. */
        public Optional<Step> step(String code) {
            return all.stream().filter(s -> s.code().equals(code)).findFirst();
        }
    }

    private static final String RANDOM_NOTE =
            "# random values: Kiln's seeded generator is not PyTorch's, so these numbers differ from the tutorial's";

    private final KilnRuntime runtime;
    private final List<Step> steps = new ArrayList<>();
    private PrintWriter out;
    private String section;

    /** A tour on this runtime (it is asked whether a CUDA backend is available). */
    public TensorTour(KilnRuntime runtime) {
        this.runtime = runtime;
    }

    /** Runs the tour, printing to {@code out} (UTF-8). */
    public Result run(PrintStream out) {
        PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        Result r = run(w);
        w.flush();
        return r;
    }

    /** Runs the tour, printing to {@code out}. */
    public Result run(PrintWriter out) {
        this.out = out;
        steps.clear();
        out.println("Kiln tensor tour: the tensor examples of the PyTorch tutorials (../shared/tutorials), in Java.");
        out.println("Each step shows the Java code after '>' and what it prints; tensors print as PyTorch prints them.");
        section("1. Creating tensors (tutorial 001 §1.1, 002 §1-3, 003 §2.1-2.2)", this::creation);
        section("2. Attributes: shape, dtype, device (001 §1.2-1.3)", this::attributes);
        section("3. Indexing and assignment through an index (000, 001 §1.3, 002 §1-3)", this::indexing);
        section("4. Joining tensors with cat (001 §1.3)", this::joining);
        section("5. Arithmetic: element-wise product, matrix product, add, in place (001 §1.3, 000)", this::arithmetic);
        section("6. Memory shared with Java arrays, as torch.from_numpy (001 §1.4, 000)", this::sharedMemory);
        section("7. Broadcasting, matmul vs mul (002 §1-4, §1-5)", this::broadcasting);
        section("8. view vs reshape, squeeze and unsqueeze (003 §2.2)", this::views);
        section("9. dot vs matmul (003 §2.3)", this::dotVsMatmul);
        section("10. softmax and one-hot (003 §2.5, 004)", this::softmaxAndOneHot);
        section("11. dtypes (004)", this::dtypes);
        out.println();
        Result result = new Result(List.copyOf(steps));
        out.printf("%d steps, %d failed%n", result.steps(), result.failed());
        out.flush();
        return result;
    }

    // =====================================================================================
    // the sections
    // =====================================================================================

    private void creation() {
        Tensor xData = Tensor.of(new int[][] {{1, 2}, {3, 4}});
        show("Tensor xData = Tensor.of(new int[][] {{1, 2}, {3, 4}});  // torch.tensor(data)", xData);

        int[] npArray = {1, 2, 3, 4};
        Tensor xNp = Tensor.wrap(npArray, 2, 2);
        show("int[] npArray = {1, 2, 3, 4};  // a NumPy int32 array\n"
                + "Tensor xNp = Tensor.wrap(npArray, 2, 2);  // torch.from_numpy(np_array)", xNp);

        show("Tensor.onesLike(xData)", Tensor.onesLike(xData));
        show("Tensor.zerosLike(xData)", Tensor.zerosLike(xData));

        note(RANDOM_NOTE);
        Kiln.manualSeed(0);
        show("Kiln.manualSeed(0);\nTensor.randLike(xData, DType.FLOAT32)  // rand_like(x_data, dtype=torch.float)",
                Tensor.randLike(xData, DType.FLOAT32));

        int[] shape = {2, 3};
        show("int[] shape = {2, 3};\nTensor.rand(shape)", Tensor.rand(shape));
        show("Tensor.ones(shape)", Tensor.ones(shape));
        show("Tensor.zeros(shape)", Tensor.zeros(shape));
        show("Tensor.empty(shape).shape()  // uninitialised memory: only the shape is meaningful",
                Arrays.toString(Tensor.empty(shape).shape()));

        Tensor t = Tensor.of(0., 1., 2., 3., 4., 5., 6.);
        show("Tensor t = Tensor.of(0., 1., 2., 3., 4., 5., 6.);  // torch.FloatTensor([0., 1., ..., 6.])", t);
        show("t.dim()", t.dim());
        show("Arrays.toString(t.shape())", Arrays.toString(t.shape()));

        Tensor tArray = Tensor.arange(10).reshape(2, 5).toFloat();
        show("Tensor tArray = Tensor.arange(10).reshape(2, 5).toFloat();  // FloatTensor(np.arange(10).reshape(2,5))",
                tArray);
        show("\"ndim: \" + tArray.dim() + \" shape: \" + Arrays.toString(tArray.shape())",
                "ndim: " + tArray.dim() + " shape: " + Arrays.toString(tArray.shape()));
        show("tArray.flatten()", tArray.flatten());
        show("Tensor.onesLike(tArray)", Tensor.onesLike(tArray));
    }

    private void attributes() {
        Kiln.manualSeed(0);
        Tensor tensor = Tensor.rand(3, 4);
        show("Kiln.manualSeed(0);\nTensor tensor = Tensor.rand(3, 4);\n"
                        + "\"shape: \" + Arrays.toString(tensor.shape())",
                "shape: " + Arrays.toString(tensor.shape()));
        show("\"data type: \" + tensor.dtype()", "data type: " + tensor.dtype());
        show("\"device: \" + tensor.device()", "device: " + tensor.device());

        boolean cuda = runtime.backends().stream()
                .anyMatch(b -> b.deviceType() == Device.Type.CUDA && b.available());
        if (cuda) {
            Tensor onCuda = tensor.to(Device.CUDA);
            show("if (cudaAvailable) tensor = tensor.to(Device.CUDA);  // tensor.to('cuda')",
                    "Device tensor is stored on: " + onCuda.device());
        } else {
            note("# no CUDA backend is available (see ./kiln plugins), so tensor.to(Device.CUDA) is skipped");
        }
    }

    private void indexing() {
        Tensor tensor = Tensor.ones(4, 4);
        show("Tensor tensor = Tensor.ones(4, 4);", tensor);
        show("\"First row: \" + tensor.index(\"0\")", "First row: " + tensor.index("0"));
        show("\"First column: \" + tensor.index(\":, 0\")", "First column: " + tensor.index(":, 0"));
        show("\"Last column: \" + tensor.index(\"..., -1\")", "Last column: " + tensor.index("..., -1"));
        tensor.index(":, 1").fill_(0);
        show("tensor.index(\":, 1\").fill_(0);  // tensor[:,1] = 0", tensor);

        Tensor t = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {10, 11, 12}});
        show("Tensor t = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {10, 11, 12}});", t);
        show("t.index(\":, 1\")", t.index(":, 1"));
        show("Arrays.toString(t.index(\":, 1\").size())", Arrays.toString(t.index(":, 1").size()));
    }

    private Tensor onesWithColumnOneZero() {
        Tensor tensor = Tensor.ones(4, 4);
        tensor.index(":, 1").fill_(0);
        return tensor;
    }

    private void joining() {
        Tensor tensor = onesWithColumnOneZero();
        note("# tensor = Tensor.ones(4, 4) with tensor.index(\":, 1\").fill_(0), as in section 3");
        show("Tensor t1 = Tensor.cat(List.of(tensor, tensor, tensor), 1);",
                Tensor.cat(List.of(tensor, tensor, tensor), 1));
        show("Tensor t2 = Tensor.cat(List.of(tensor, tensor, tensor), 0);",
                Tensor.cat(List.of(tensor, tensor, tensor), 0));
    }

    private void arithmetic() {
        Tensor tensor = onesWithColumnOneZero();
        note("# tensor = Tensor.ones(4, 4) with tensor.index(\":, 1\").fill_(0), as in section 3");
        show("tensor.mul(tensor)  // tensor * tensor", tensor.mul(tensor));
        show("tensor.matmul(tensor)  // tensor @ tensor", tensor.matmul(tensor));

        Tensor tAdd = tensor.add(5);
        show("Tensor tAdd = tensor.add(5);  // tensor + 5", tAdd);
        show("tensor.add(5)", tensor.add(5));
        show("tAdd.add_(5)  // in place", tAdd.add_(5));
        show("tAdd", tAdd);

        Tensor agg = tensor.sum();
        show("Tensor agg = tensor.sum();", agg);
        show("double aggItem = agg.item();", agg.item());

        tensor.add_(5);
        show("tensor.add_(5);\ntensor", tensor);
    }

    private void sharedMemory() {
        float[] tNp = {1, 1, 1, 1, 1};
        Tensor t = Tensor.wrap(tNp, 5);
        show("float[] tNp = {1, 1, 1, 1, 1};  // the Java array plays NumPy's part\n"
                + "Tensor t = Tensor.wrap(tNp, 5);  // torch.from_numpy: shares memory; Tensor.of copies", t);
        show("Arrays.toString(tNp)", Arrays.toString(tNp));
        t.add_(5);
        show("t.add_(5);  // the array sees the change\nArrays.toString(tNp)", Arrays.toString(tNp));
        for (int i = 0; i < tNp.length; i++) tNp[i] += 1;
        show("for (int i = 0; i < tNp.length; i++) tNp[i] += 1;  // np.add(t_np, 1, out=t_np)\nt", t);
    }

    private void broadcasting() {
        Tensor m1 = Tensor.of(new float[][] {{1, 2}});
        Tensor m2 = Tensor.of(new float[][] {{3}, {4}});
        show("Tensor m1 = Tensor.of(new float[][] {{1, 2}});\n"
                + "Tensor m2 = Tensor.of(new float[][] {{3}, {4}});\n"
                + "m1.add(m2)  // m1 + m2", m1.add(m2));
        Tensor m3 = Tensor.of(new float[] {3});
        show("Tensor m3 = Tensor.of(new float[] {3});  // [3] -> [3, 3]\nm1.add(m3)", m1.add(m3));

        Tensor a = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        Tensor b = Tensor.of(new float[][] {{1}, {2}});
        show("Tensor a = Tensor.of(new float[][] {{1, 2}, {3, 4}});\n"
                        + "Tensor b = Tensor.of(new float[][] {{1}, {2}});\n"
                        + "\"Shape of Matrix 1: \" + Arrays.toString(a.shape())",
                "Shape of Matrix 1: " + Arrays.toString(a.shape()));
        show("\"Shape of Matrix 2: \" + Arrays.toString(b.shape())", "Shape of Matrix 2: " + Arrays.toString(b.shape()));
        show("a.matmul(b)  // 2 x 1", a.matmul(b));
        show("a.mul(b)  // element-wise, broadcast: 2 x 2", a.mul(b));
    }

    private void views() {
        Tensor a = Tensor.zeros(3, 2);
        Tensor b = a.view(6);
        a.fill_(1);
        show("Tensor a = Tensor.zeros(3, 2);\nTensor b = a.view(6);\na.fill_(1);\nb  // the view sees the change", b);

        Tensor c = Tensor.zeros(3, 2);
        Tensor d = c.t().reshape(6);
        c.fill_(1);
        show("Tensor c = Tensor.zeros(3, 2);\nTensor d = c.t().reshape(6);\nc.fill_(1);\n"
                + "d  // a transposed tensor cannot be viewed as 1-D: reshape copied", d);
        refused("c.t().view(6)  // view refuses what reshape copies", () -> c.t().view(6));

        Tensor x = Tensor.zeros(2, 1, 3);
        show("Tensor x = Tensor.zeros(2, 1, 3);\nArrays.toString(x.squeeze().shape())",
                Arrays.toString(x.squeeze().shape()));
        show("Arrays.toString(x.unsqueeze(0).shape())", Arrays.toString(x.unsqueeze(0).shape()));
        show("Tensor.of(1., 2., 3.).unsqueeze(1)", Tensor.of(1., 2., 3.).unsqueeze(1));
        show("Tensor.of(new float[][] {{1, 2, 3}}).squeeze()", Tensor.of(new float[][] {{1, 2, 3}}).squeeze());
    }

    private void dotVsMatmul() {
        Tensor t1 = Tensor.arange(12).reshape(3, 4).toFloat();
        Tensor t2 = Tensor.arange(12).reshape(4, 3).toFloat();
        note("# t1 = FloatTensor(np.arange(12).reshape(3,4)), t2 = FloatTensor(np.arange(12).reshape(4,3))");
        refused("Tensor t1 = Tensor.arange(12).reshape(3, 4).toFloat();\n"
                + "Tensor t2 = Tensor.arange(12).reshape(4, 3).toFloat();\n"
                + "t1.dot(t2)  // dot is for 1-D tensors", () -> t1.dot(t2));
        show("t1.matmul(t2)", t1.matmul(t2));
        show("Tensor.of(1., 2., 3.).dot(Tensor.of(4., 5., 6.))", Tensor.of(1., 2., 3.).dot(Tensor.of(4., 5., 6.)));
    }

    private void softmaxAndOneHot() {
        show("F.softmax(Tensor.of(1., 2., 3.), 0)", F.softmax(Tensor.of(1., 2., 3.), 0));
        show("F.oneHot(Tensor.of(0, 1, 2), 3)  // F.one_hot(y_label)", F.oneHot(Tensor.of(0, 1, 2), 3));
        int y = 3;
        show("int y = 3;  // target_transform = Lambda(lambda y: zeros(10).scatter_(0, tensor(y), value=1))\n"
                        + "Tensor.zeros(10).scatter_(0, Tensor.scalar(y, DType.INT64), 1)",
                Tensor.zeros(10).scatter_(0, Tensor.scalar(y, DType.INT64), 1));
    }

    private void dtypes() {
        Tensor r = Tensor.arange(3);
        show("Tensor r = Tensor.arange(3);\nr.dtype()", r.dtype());
        for (DType dtype : DType.values()) {
            show("r.to(DType." + dtype.name() + ")", r.to(dtype));
        }
        show("Tensor.of(1, 2).add(Tensor.of(0.5, 0.5)).dtype()  // int64 + float32 promotes to float32",
                Tensor.of(1, 2).add(Tensor.of(0.5, 0.5)).dtype());
        show("Tensor.of(1, 2).div(2)  // true division: integers give a float result",
                Tensor.of(1, 2).div(2));
    }

    // =====================================================================================
    // printing
    // =====================================================================================

    private void section(String title, Runnable body) {
        section = title;
        out.println();
        out.println("== " + title + " ==");
        try {
            body.run();
        } catch (RuntimeException e) {
            String msg = "!! " + e.getClass().getSimpleName() + ": " + e.getMessage();
            out.println(msg);
            out.println("!! (the rest of this section is skipped)");
            steps.add(new Step(title, "(section " + title + ")", msg, true));
        }
        out.flush();
    }

    private void note(String line) {
        out.println(line);
    }

    private void show(String code, Object value) {
        String text = String.valueOf(value);
        printCode(code);
        out.println(text);
        steps.add(new Step(section, code, text, false));
    }

    /** A step that must be refused: prints the error as PyTorch prints its RuntimeError. */
    private void refused(String code, Supplier<Tensor> action) {
        printCode(code);
        Tensor result;
        try {
            result = action.get();
        } catch (RuntimeException e) {
            String text = e.getClass().getSimpleName() + ": " + e.getMessage();
            out.println(text);
            steps.add(new Step(section, code, text, false));
            return;
        }
        String text = "!! expected an error, but it returned " + result;
        out.println(text);
        steps.add(new Step(section, code, text, true));
    }

    private void printCode(String code) {
        for (String line : code.split("\n", -1)) out.println("> " + line);
    }
}
