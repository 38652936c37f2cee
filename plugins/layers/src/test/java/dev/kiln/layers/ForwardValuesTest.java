package dev.kiln.layers;

import dev.kiln.Tensor;
import dev.kiln.nn.F;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.kiln.layers.Models.det;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Forward values and gradients against PyTorch 1.13: numbers printed by src/test/python/layers_reference.py
 * with the same deterministic weights, loaded through {@code loadStateDict}.
 */
class ForwardValuesTest {
    // float32 math against float32 PyTorch; sums of at most 18 products of values below 1
    private static final float TOL = 2e-5f;

    private static void close(float[] expected, Tensor actual) {
        assertArrayEquals(expected, actual.toFloatArray(), TOL);
    }

    @Test
    void linear() {
        Linear lin = new Linear(5, 3);
        lin.loadStateDict(Map.of("weight", det(0.0, 3, 5), "bias", det(1.0, 3)));
        Tensor x = det(2.0, 4, 5).requiresGrad(true);
        Tensor y = lin.forward(x);
        close(new float[] {1.05486131f, 2.68214512f, -0.165910959f, -1.82671738f, -0.88997823f, 4.68455219f, 2.0987339f,
                0.308315754f, 0.0986247659f, 2.81668043f, 3.21996284f, -2.22416472f}, y);
        y.mul(det(3.0, 4, 3)).sum().backward();
        close(new float[] {1.19032562f, 1.0560919f, 0.778921008f, 0.39632678f, -0.0399083644f, 1.16541791f, 1.23879802f,
                1.14451253f, 0.89532268f, 0.524955153f, 0.982776403f, 1.25383866f, 1.35519969f, 1.27314091f, 1.01876843f},
                lin.weight().grad());
        close(new float[] {-1.50997496f, -1.43368614f, -1.16335464f}, lin.bias().grad());
        close(new float[] {0.0808129534f, 0.321705103f, 0.519055963f, 0.646155f, 0.685800016f, -0.410607785f, -0.280020714f,
                -0.111534089f, 0.072048068f, 0.245878845f, -0.445975929f, -0.570733905f, -0.61824578f, -0.58208096f,
                -0.467134297f, 0.0139911557f, -0.227546126f, -0.438286096f, -0.589706063f, -0.661312103f}, x.grad());
    }

    @Test
    void conv2dStrideAndPadding() {
        Conv2d conv = new Conv2d(2, 3, 3, 2, 1);
        conv.loadStateDict(Map.of("weight", det(0.5, 3, 2, 3, 3), "bias", det(1.5, 3)));
        Tensor y = conv.forward(det(2.5, 2, 2, 5, 5));
        assertArrayEquals(new int[] {2, 3, 3, 3}, y.shape());
        close(new float[] {3.44531417f, 1.2597369f, -1.36371946f, -3.2090075f, -0.624870718f, 2.72457242f, 2.78278708f,
                -0.454971015f, -2.24629283f, 4.11645746f, 3.27672386f, -0.0509417057f, -4.86293602f, -3.65739965f,
                1.23546922f, 3.68781757f, 1.40095997f, -1.43298209f, 4.21474171f, 4.8386817f, 1.27373481f, -5.82976007f,
                -6.17198277f, -0.422240615f, 4.08013487f, 3.06506252f, -0.4138484f, 4.10839939f, 3.05087018f,
                -0.279334486f, -3.78722072f, -2.63252211f, 1.54356551f, 3.8988719f, 1.60860479f, -1.26508069f,
                4.28594017f, 4.68032122f, 1.12325168f, -5.04892874f, -5.66242647f, -0.450918078f, 4.45427132f,
                3.37713003f, -0.192225218f, 3.86684036f, 5.657794f, 2.37297726f, -5.59743404f, -7.89304543f,
                -2.37737942f, 4.3894105f, 4.67653751f, 0.912353873f}, y);
        y.mul(det(3.5, 2, 3, 3, 3)).sum().backward();
        close(new float[] {-0.272391737f, -0.554509461f, -0.473606408f, 0.666851044f, 1.01236141f, 0.751194417f,
                -0.665177047f, -0.876526177f, -0.629604757f, 0.254971653f, 0.528516293f, 0.477968037f, -0.665754735f,
                -1.02266586f, -0.780614316f, 0.708462417f, 0.943281591f, 0.684764206f, 0.153806776f, 0.412969977f,
                0.377608448f, -0.58799237f, -0.944025755f, -0.720546007f, 0.648515642f, 0.895465255f, 0.658955395f,
                -0.126024544f, -0.371060818f, -0.370764285f, 0.571148336f, 0.930061996f, 0.734670937f, -0.683367789f,
                -0.949397504f, -0.708921969f, -0.0297786575f, -0.256814271f, -0.268246025f, 0.488323033f, 0.8422786f,
                0.66439569f, -0.608901739f, -0.882711828f, -0.664983749f, -0.00738307554f, 0.200472921f, 0.250438273f,
                -0.456327558f, -0.804540694f, -0.662725747f, 0.634087026f, 0.921911359f, 0.707988977f}, conv.weight().grad());
        close(new float[] {-1.57833838f, 2.0323267f, -2.41438675f}, conv.bias().grad());
    }

    @Test
    void conv2dRectangularKernelWithoutBias() {
        Conv2d conv = new Conv2d(1, 2, new int[] {2, 3}, new int[] {2, 1}, new int[] {0, 1}, false);
        conv.loadStateDict(Map.of("weight", det(0.25, 2, 1, 2, 3)));
        Tensor y = conv.forward(det(4.0, 1, 1, 4, 5));
        assertArrayEquals(new int[] {1, 2, 2, 5}, y.shape());
        close(new float[] {-1.6961894f, -1.78235972f, -0.807565689f, 0.276528686f, 0.821133792f, 0.857219994f,
                0.260085672f, -0.823437214f, -1.79551184f, -1.62658393f, 0.201497376f, -0.737595499f, -1.59035051f,
                -2.22785902f, -1.67946434f, 0.756192982f, 1.94813991f, 2.44053769f, 2.60262012f, 1.55445504f}, y);
    }

    @Test
    void conv2dSamePaddingKeepsTheSizeAndIsPaddingOne() {
        Conv2d same = new Conv2d(2, 3, new int[] {3, 5}, new int[] {1, 1}, "same", true);
        Conv2d explicit = new Conv2d(2, 3, new int[] {3, 5}, new int[] {1, 1}, new int[] {1, 2}, true);
        explicit.loadStateDict(same.stateDict());
        Tensor x = det(1.0, 1, 2, 6, 7);
        Tensor y = same.forward(x);
        assertArrayEquals(new int[] {1, 3, 6, 7}, y.shape());
        assertArrayEquals(explicit.forward(x).toFloatArray(), y.toFloatArray());
        assertArrayEquals(new int[] {1, 1}, new Conv2d(1, 1, new int[] {3, 3}, new int[] {1, 1}, "same", false).padding());
        assertArrayEquals(new int[] {0, 0}, new Conv2d(1, 1, new int[] {3, 3}, new int[] {2, 2}, "valid", false).padding());
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(1, 1, new int[] {2, 3}, new int[] {1, 1}, "same", false));
    }

    @Test
    void maxPool2dWithPadding() {
        Tensor y = new MaxPool2d(3, 2, 1).forward(det(5.0, 1, 2, 5, 5));
        assertArrayEquals(new int[] {1, 2, 3, 3}, y.shape());
        close(new float[] {0.805675328f, 0.994385302f, 0.994385302f, 0.805675328f, 0.994385302f, 0.994385302f,
                0.202225059f, 0.809693336f, 0.967114449f, 0.993641078f, 0.885683119f, 0.340983838f, 0.968825221f,
                0.992850721f, 0.882498562f, 0.968825221f, 0.992850721f, 0.882498562f}, y);
    }

    @Test
    void losses() {
        Tensor logits = det(6.0, 4, 3).requiresGrad(true);
        Tensor target = Tensor.of(2L, 0L, 1L, 2L);
        Tensor other = det(7.0, 4, 3);
        Tensor logp = new LogSoftmax(1).forward(logits);
        close(new float[] {1.15157485f}, new CrossEntropyLoss().forward(logits, target));
        close(new float[] {1.15157485f}, new NLLLoss().forward(logp, target));
        close(new float[] {0.480843157f}, new MSELoss().forward(logits, other));
        close(new float[] {4.6062994f}, new CrossEntropyLoss(F.Reduction.SUM).forward(logits, target));
        close(new float[] {4.6062994f}, new NLLLoss(F.Reduction.SUM).forward(logp, target));
        close(new float[] {5.77011776f}, new MSELoss(F.Reduction.SUM).forward(logits, other));
        float[] perSample = {0.78303802f, 1.25784779f, 1.08467972f, 1.48073399f};
        close(perSample, new CrossEntropyLoss(F.Reduction.NONE).forward(logits, target));
        close(perSample, new NLLLoss(F.Reduction.NONE).forward(logp, target));
        close(new float[] {0.876848876f, 0.637512088f, 0.305167288f, 0.0536515042f, 0.0145234456f, 0.208249524f,
                0.533498764f, 0.820145369f, 0.91825527f, 0.776510656f, 0.46905297f, 0.156701803f},
                new MSELoss(F.Reduction.NONE).forward(logits, other));
        Tensor loss = new CrossEntropyLoss().forward(logits, target);
        assertEquals(0, loss.dim());
        loss.backward();
        close(new float[] {0.055585131f, 0.0801609829f, -0.135746121f, -0.17893371f, 0.0863764733f, 0.092557244f,
                0.102451906f, -0.165497497f, 0.0630455911f, 0.114061631f, 0.0790706798f, -0.193132341f}, logits.grad());
        close(new float[] {1.15215611f}, new CrossEntropyLoss().forward(logits, det(8.0, 4, 3).softmax(1)));
        UnsupportedOperationException one = assertThrows(UnsupportedOperationException.class,
                () -> new MSELoss().forward(logits));
        assertEquals("MSELoss takes an input and a target: call forward(input, target)", one.getMessage());
    }

    @Test
    void activationsFlattenIdentitySequential() {
        Tensor x = det(9.0, 2, 3, 4);
        assertArrayEquals(x.relu().toFloatArray(), new ReLU().forward(x).toFloatArray());
        assertArrayEquals(x.sigmoid().toFloatArray(), new Sigmoid().forward(x).toFloatArray());
        assertArrayEquals(x.tanh().toFloatArray(), new Tanh().forward(x).toFloatArray());
        assertArrayEquals(x.softmax(1).toFloatArray(), new Softmax(1).forward(x).toFloatArray());
        assertArrayEquals(x.logSoftmax(-1).toFloatArray(), new LogSoftmax(-1).forward(x).toFloatArray());
        assertArrayEquals(new int[] {2, 12}, new Flatten().forward(x).shape());
        assertArrayEquals(new int[] {24}, new Flatten(0, -1).forward(x).shape());
        assertArrayEquals(new int[] {6, 4}, new Flatten(0, 1).forward(x).shape());
        assertEquals(x, new Identity().forward(x));
        Sequential s = new Sequential(new Flatten(), new ReLU(), new Tanh());
        assertArrayEquals(x.flatten(1, -1).relu().tanh().toFloatArray(), s.forward(x).toFloatArray());
        assertEquals(3, s.size());
        assertEquals(s.get(2), s.get(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> s.get(3));
        Tensor y = x.clone();
        new ReLU(true).forward(y);
        assertArrayEquals(x.relu().toFloatArray(), y.toFloatArray());
    }
}
