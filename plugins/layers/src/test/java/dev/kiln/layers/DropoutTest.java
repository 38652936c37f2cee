package dev.kiln.layers;

import dev.kiln.Kiln;
import dev.kiln.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dropout: identity in eval, a seeded scaled mask in train, gradients through the mask. */
class DropoutTest {

    @Test
    void evalIsIdentityAndTrainDropsAFractionP() {
        Sequential model = new Sequential(new Dropout(0.3));
        Tensor x = Tensor.ones(200, 500);
        model.eval();
        assertSame(x, model.forward(x));
        model.train();
        float[] y = model.forward(x).toFloatArray();
        int zeros = 0;
        float scale = (float) (1 / 0.7);
        for (float v : y) {
            if (v == 0) zeros++;
            else assertEquals(scale, v, 1e-6f);
        }
        // 100,000 Bernoulli(0.3) draws: standard deviation of the fraction is 0.00145; 5 sigma
        assertEquals(0.3, zeros / 100_000.0, 0.0073);
    }

    @Test
    void maskIsSeededByManualSeed() {
        Dropout d = new Dropout(0.5);
        Tensor x = Tensor.ones(64);
        Kiln.manualSeed(42);
        float[] a = d.forward(x).toFloatArray();
        Kiln.manualSeed(42);
        float[] b = d.forward(x).toFloatArray();
        assertArrayEquals(a, b);
        float[] c = d.forward(x).toFloatArray();
        assertTrue(!java.util.Arrays.equals(a, c));
    }

    @Test
    void gradientIsTheScaledMask() {
        Tensor x = Tensor.randn(1000).requiresGrad(true);
        Tensor y = new Dropout(0.25).forward(x);
        y.sum().backward();
        float[] out = y.toFloatArray();
        float[] in = x.toFloatArray();
        float[] g = x.grad().toFloatArray();
        for (int i = 0; i < in.length; i++) {
            float expectedGrad = out[i] == 0 && in[i] != 0 ? 0f : (float) (1 / 0.75);
            assertEquals(expectedGrad, g[i], 1e-6f);
            assertEquals(in[i] * g[i], out[i], 1e-6f);
        }
        assertEquals("MulBackward0", y.gradFn().name());
    }

    @Test
    void edgesOfP() {
        Tensor x = Tensor.randn(10);
        assertSame(x, new Dropout(0).forward(x));
        assertEquals(0.0, new Dropout(1).forward(x).abs().sum().item());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
        assertEquals("Dropout: dropout probability has to be between 0 and 1, but got 1.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dropout(Double.NaN));
    }
}
