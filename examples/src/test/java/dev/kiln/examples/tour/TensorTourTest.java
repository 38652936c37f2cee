package dev.kiln.examples.tour;

import dev.kiln.Kiln;
import dev.kiln.KilnRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the tensor tour and compares its steps with what PyTorch prints for the same code. The
 * expected strings are copied from the tutorials in {@code ../shared/tutorials} (file and section in
 * each test's comment); where a tutorial shows the code but not its output, the expected string is
 * what PyTorch prints for it (noted as such).
 */
class TensorTourTest {

    private static KilnRuntime runtime;
    private static TensorTour.Result result;
    private static String printed;

    @BeforeAll
    static void runTour() {
        runtime = Kiln.builder().build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        result = new TensorTour(runtime).run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        printed = bytes.toString(StandardCharsets.UTF_8);
    }

    @AfterAll
    static void closeRuntime() {
        if (runtime != null) runtime.close();
    }

    /** The output of the step with exactly this code, failing with the tour's failures when it did not run. */
    private static String out(String code) {
        return result.step(code).map(TensorTour.Step::output).orElseGet(() -> fail(
                "the tour has no step with code\n" + code + "\nfailed steps:\n" + failures()));
    }

    private static String failures() {
        return result.all().stream().filter(TensorTour.Step::failed)
                .map(s -> s.section() + "\n  " + s.code() + "\n  " + s.output())
                .collect(Collectors.joining("\n"));
    }

    private static final String MASKED = """
            tensor([[1., 0., 1., 1.],
                    [1., 0., 1., 1.],
                    [1., 0., 1., 1.],
                    [1., 0., 1., 1.]])""";

    @Test
    void everyStepRuns() {
        assertEquals(0, result.failed(), () -> "failed steps:\n" + failures());
        assertTrue(result.steps() >= 60, "steps: " + result.steps());
        assertTrue(printed.contains("== 1. Creating tensors"), printed);
        assertTrue(printed.contains("> Tensor tensor = Tensor.ones(4, 4);"), printed);
        assertTrue(printed.endsWith(result.steps() + " steps, 0 failed" + System.lineSeparator()), printed);
    }

    // ---- 001 §1.3: tensor = torch.ones(4,4); tensor[:,1]=0; tensor.matmul(tensor) ----

    @Test
    void columnOneSetToZeroThenMatmulWithItself() {
        assertEquals("""
                tensor([[1., 1., 1., 1.],
                        [1., 1., 1., 1.],
                        [1., 1., 1., 1.],
                        [1., 1., 1., 1.]])""", out("Tensor tensor = Tensor.ones(4, 4);"));
        assertEquals(MASKED, out("tensor.index(\":, 1\").fill_(0);  // tensor[:,1] = 0"));
        assertEquals("""
                tensor([[3., 0., 3., 3.],
                        [3., 0., 3., 3.],
                        [3., 0., 3., 3.],
                        [3., 0., 3., 3.]])""", out("tensor.matmul(tensor)  // tensor @ tensor"));
        assertEquals(MASKED, out("tensor.mul(tensor)  // tensor * tensor"));
    }

    @Test
    void rowsAndColumnsByIndex() {
        // PyTorch's own tutorial (000 covers it in its slides): tensor[0], tensor[:, 0], tensor[..., -1]
        assertEquals("First row: tensor([1., 1., 1., 1.])", out("\"First row: \" + tensor.index(\"0\")"));
        assertEquals("First column: tensor([1., 1., 1., 1.])", out("\"First column: \" + tensor.index(\":, 0\")"));
        assertEquals("Last column: tensor([1., 1., 1., 1.])", out("\"Last column: \" + tensor.index(\"..., -1\")"));
        // 002 §1-3 shows "tensor([2.,5.,8.,11])" informally; PyTorch pads to the widest element
        assertEquals("tensor([ 2.,  5.,  8., 11.])", out("t.index(\":, 1\")"));
        assertEquals("[4]", out("Arrays.toString(t.index(\":, 1\").size())"));
    }

    // ---- 001 §1.3: torch.cat(..., dim=1) and dim=0 ----

    @Test
    void catOnDimOneAndZero() {
        assertEquals("""
                tensor([[1., 0., 1., 1., 1., 0., 1., 1., 1., 0., 1., 1.],
                        [1., 0., 1., 1., 1., 0., 1., 1., 1., 0., 1., 1.],
                        [1., 0., 1., 1., 1., 0., 1., 1., 1., 0., 1., 1.],
                        [1., 0., 1., 1., 1., 0., 1., 1., 1., 0., 1., 1.]])""",
                out("Tensor t1 = Tensor.cat(List.of(tensor, tensor, tensor), 1);"));
        assertEquals("""
                tensor([[1., 0., 1., 1.],
                        [1., 0., 1., 1.],
                        [1., 0., 1., 1.],
                        [1., 0., 1., 1.],
                        [1., 0., 1., 1.],
                        [1., 0., 1., 1.],
                        [1., 0., 1., 1.],
                        [1., 0., 1., 1.],
                        [1., 0., 1., 1.],
                        [1., 0., 1., 1.],
                        [1., 0., 1., 1.],
                        [1., 0., 1., 1.]])""",
                out("Tensor t2 = Tensor.cat(List.of(tensor, tensor, tensor), 0);"));
    }

    // ---- 001 §1.3: t_add = tensor+5; tensor.add(5); t_add.add_(5) ----

    @Test
    void addAndAddInPlace() {
        String six = """
                tensor([[6., 5., 6., 6.],
                        [6., 5., 6., 6.],
                        [6., 5., 6., 6.],
                        [6., 5., 6., 6.]])""";
        String eleven = """
                tensor([[11., 10., 11., 11.],
                        [11., 10., 11., 11.],
                        [11., 10., 11., 11.],
                        [11., 10., 11., 11.]])""";
        assertEquals(six, out("Tensor tAdd = tensor.add(5);  // tensor + 5"));
        assertEquals(six, out("tensor.add(5)"));
        assertEquals(eleven, out("tAdd.add_(5)  // in place"));
        assertEquals(eleven, out("tAdd"));
        // PyTorch's tutorial: agg = tensor.sum() -> 12.0; tensor.add_(5)
        assertEquals("tensor(12.)", out("Tensor agg = tensor.sum();"));
        assertEquals("12.0", out("double aggItem = agg.item();"));
        assertEquals(six, out("tensor.add_(5);\ntensor"));
    }

    // ---- 001 §1.4: memory shared with NumPy, both ways ----

    @Test
    void wrapSharesMemoryBothWays() {
        assertEquals("tensor([1., 1., 1., 1., 1.])", out("float[] tNp = {1, 1, 1, 1, 1};  // the Java array plays NumPy's part\n"
                + "Tensor t = Tensor.wrap(tNp, 5);  // torch.from_numpy: shares memory; Tensor.of copies"));
        assertEquals("[1.0, 1.0, 1.0, 1.0, 1.0]", out("Arrays.toString(tNp)"));
        // NumPy prints [6. 6. 6. 6. 6.]: the same values in the Java array
        assertEquals("[6.0, 6.0, 6.0, 6.0, 6.0]", out("t.add_(5);  // the array sees the change\nArrays.toString(tNp)"));
        assertEquals("tensor([7., 7., 7., 7., 7.])",
                out("for (int i = 0; i < tNp.length; i++) tNp[i] += 1;  // np.add(t_np, 1, out=t_np)\nt"));
    }

    // ---- 003 §2.2: view vs reshape after fill_(1) ----

    @Test
    void viewSeesTheChangeReshapedCopyDoesNot() {
        assertEquals("tensor([1., 1., 1., 1., 1., 1.])",
                out("Tensor a = Tensor.zeros(3, 2);\nTensor b = a.view(6);\na.fill_(1);\nb  // the view sees the change"));
        assertEquals("tensor([0., 0., 0., 0., 0., 0.])",
                out("Tensor c = Tensor.zeros(3, 2);\nTensor d = c.t().reshape(6);\nc.fill_(1);\n"
                        + "d  // a transposed tensor cannot be viewed as 1-D: reshape copied"));
        // PyTorch: "view size is not compatible with input tensor's size and stride ... Use .reshape(...) instead."
        String refused = out("c.t().view(6)  // view refuses what reshape copies");
        assertTrue(refused.contains("view") && refused.contains("reshape"), refused);
    }

    @Test
    void squeezeAndUnsqueeze() {
        assertEquals("[2, 3]", out("Tensor x = Tensor.zeros(2, 1, 3);\nArrays.toString(x.squeeze().shape())"));
        assertEquals("[1, 2, 1, 3]", out("Arrays.toString(x.unsqueeze(0).shape())"));
        // what PyTorch prints for torch.tensor([1., 2., 3.]).unsqueeze(1) and torch.tensor([[1., 2., 3.]]).squeeze()
        assertEquals("""
                tensor([[1.],
                        [2.],
                        [3.]])""", out("Tensor.of(1., 2., 3.).unsqueeze(1)"));
        assertEquals("tensor([1., 2., 3.])", out("Tensor.of(new float[][] {{1, 2, 3}}).squeeze()"));
    }

    // ---- 002 §1-4 and §1-5: broadcasting, matmul vs mul (the tutorial shows the code; PyTorch prints these) ----

    @Test
    void broadcastingRowPlusColumn() {
        assertEquals("""
                tensor([[4., 5.],
                        [5., 6.]])""", out("Tensor m1 = Tensor.of(new float[][] {{1, 2}});\n"
                + "Tensor m2 = Tensor.of(new float[][] {{3}, {4}});\n"
                + "m1.add(m2)  // m1 + m2"));
        assertEquals("tensor([[4., 5.]])", out("Tensor m3 = Tensor.of(new float[] {3});  // [3] -> [3, 3]\nm1.add(m3)"));
    }

    @Test
    void matmulOfTwoByTwoWithTwoByOne() {
        assertEquals("Shape of Matrix 1: [2, 2]", out("Tensor a = Tensor.of(new float[][] {{1, 2}, {3, 4}});\n"
                + "Tensor b = Tensor.of(new float[][] {{1}, {2}});\n"
                + "\"Shape of Matrix 1: \" + Arrays.toString(a.shape())"));
        assertEquals("Shape of Matrix 2: [2, 1]", out("\"Shape of Matrix 2: \" + Arrays.toString(b.shape())"));
        assertEquals("""
                tensor([[ 5.],
                        [11.]])""", out("a.matmul(b)  // 2 x 1"));
        assertEquals("""
                tensor([[1., 2.],
                        [6., 8.]])""", out("a.mul(b)  // element-wise, broadcast: 2 x 2"));
    }

    // ---- 003 §2.3: dot on 2-D is a RuntimeError in PyTorch; matmul works ----

    @Test
    void dotOnTwoDimensionalTensorsIsRefusedWithPyTorchsReason() {
        String refused = out("Tensor t1 = Tensor.arange(12).reshape(3, 4).toFloat();\n"
                + "Tensor t2 = Tensor.arange(12).reshape(4, 3).toFloat();\n"
                + "t1.dot(t2)  // dot is for 1-D tensors");
        assertTrue(refused.contains("1D tensors expected, but got 2D and 2D tensors"), refused);
        assertEquals("""
                tensor([[ 42.,  48.,  54.],
                        [114., 136., 158.],
                        [186., 224., 262.]])""", out("t1.matmul(t2)"));
        assertEquals("tensor(32.)", out("Tensor.of(1., 2., 3.).dot(Tensor.of(4., 5., 6.))"));
    }

    // ---- 001 §1.1 and 003 §2.1-2.2: creation ----

    @Test
    void creationFromDataLikeAndNumpy() {
        assertEquals("""
                tensor([[1, 2],
                        [3, 4]])""", out("Tensor xData = Tensor.of(new int[][] {{1, 2}, {3, 4}});  // torch.tensor(data)"));
        assertEquals("""
                tensor([[1, 2],
                        [3, 4]], dtype=torch.int32)""", out("int[] npArray = {1, 2, 3, 4};  // a NumPy int32 array\n"
                + "Tensor xNp = Tensor.wrap(npArray, 2, 2);  // torch.from_numpy(np_array)"));
        assertEquals("""
                tensor([[1, 1],
                        [1, 1]])""", out("Tensor.onesLike(xData)"));
        assertEquals("""
                tensor([[0, 0],
                        [0, 0]])""", out("Tensor.zerosLike(xData)"));
        assertEquals("""
                tensor([[1., 1., 1.],
                        [1., 1., 1.]])""", out("Tensor.ones(shape)"));
        assertEquals("""
                tensor([[0., 0., 0.],
                        [0., 0., 0.]])""", out("Tensor.zeros(shape)"));
        assertEquals("""
                tensor([[0., 1., 2., 3., 4.],
                        [5., 6., 7., 8., 9.]])""",
                out("Tensor tArray = Tensor.arange(10).reshape(2, 5).toFloat();  // FloatTensor(np.arange(10).reshape(2,5))"));
        assertEquals("ndim: 2 shape: [2, 5]",
                out("\"ndim: \" + tArray.dim() + \" shape: \" + Arrays.toString(tArray.shape())"));
        assertEquals("tensor([0., 1., 2., 3., 4., 5., 6., 7., 8., 9.])", out("tArray.flatten()"));
        assertEquals("""
                tensor([[1., 1., 1., 1., 1.],
                        [1., 1., 1., 1., 1.]])""", out("Tensor.onesLike(tArray)"));
    }

    @Test
    void randomTensorsHaveTheTutorialsShapeAndRange() {
        String rand = out("int[] shape = {2, 3};\nTensor.rand(shape)");
        assertTrue(rand.matches("(?s)tensor\\(\\[\\[0\\.\\d{4}, 0\\.\\d{4}, 0\\.\\d{4}],\\n"
                + "        \\[0\\.\\d{4}, 0\\.\\d{4}, 0\\.\\d{4}]]\\)"), rand);
        assertTrue(printed.contains("# random values: Kiln's seeded generator is not PyTorch's"), printed);
    }

    @Test
    void attributes() {
        assertEquals("shape: [3, 4]", out("Kiln.manualSeed(0);\nTensor tensor = Tensor.rand(3, 4);\n"
                + "\"shape: \" + Arrays.toString(tensor.shape())"));
        assertEquals("data type: torch.float32", out("\"data type: \" + tensor.dtype()"));
        assertEquals("device: cpu", out("\"device: \" + tensor.device()"));
    }

    // ---- 003 §2.5, 004: softmax, one_hot, scatter_ (PyTorch's printed values) ----

    @Test
    void softmaxAndOneHot() {
        assertEquals("tensor([0.0900, 0.2447, 0.6652])", out("F.softmax(Tensor.of(1., 2., 3.), 0)"));
        assertEquals("""
                tensor([[1, 0, 0],
                        [0, 1, 0],
                        [0, 0, 1]])""", out("F.oneHot(Tensor.of(0, 1, 2), 3)  // F.one_hot(y_label)"));
        assertEquals("tensor([0., 0., 0., 1., 0., 0., 0., 0., 0., 0.])", out(
                "int y = 3;  // target_transform = Lambda(lambda y: zeros(10).scatter_(0, tensor(y), value=1))\n"
                        + "Tensor.zeros(10).scatter_(0, Tensor.scalar(y, DType.INT64), 1)"));
    }

    // ---- 004: dtypes, printed as torch.arange(3).to(dtype) prints ----

    @Test
    void dtypes() {
        assertEquals("torch.int64", out("Tensor r = Tensor.arange(3);\nr.dtype()"));
        assertEquals("tensor([False,  True,  True])", out("r.to(DType.BOOL)"));
        assertEquals("tensor([0, 1, 2], dtype=torch.uint8)", out("r.to(DType.UINT8)"));
        assertEquals("tensor([0, 1, 2], dtype=torch.int8)", out("r.to(DType.INT8)"));
        assertEquals("tensor([0, 1, 2], dtype=torch.int16)", out("r.to(DType.INT16)"));
        assertEquals("tensor([0, 1, 2], dtype=torch.int32)", out("r.to(DType.INT32)"));
        assertEquals("tensor([0, 1, 2])", out("r.to(DType.INT64)"));
        assertEquals("tensor([0., 1., 2.], dtype=torch.float16)", out("r.to(DType.FLOAT16)"));
        assertEquals("tensor([0., 1., 2.], dtype=torch.bfloat16)", out("r.to(DType.BFLOAT16)"));
        assertEquals("tensor([0., 1., 2.])", out("r.to(DType.FLOAT32)"));
        assertEquals("tensor([0., 1., 2.], dtype=torch.float64)", out("r.to(DType.FLOAT64)"));
        assertEquals("torch.float32", out("Tensor.of(1, 2).add(Tensor.of(0.5, 0.5)).dtype()  // int64 + float32 promotes to float32"));
        assertEquals("tensor([0.5000, 1.0000])", out("Tensor.of(1, 2).div(2)  // true division: integers give a float result"));
    }
}
