package dev.kiln.examples.regression;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The linear-regression example prints what PyTorch prints for the tutorial's code trained to the end
 * ({@code examples/src/test/python/linear_regression.py}): same lines, and the same numbers up to float32
 * rounding (one unit in the last printed digit).
 */
class LinearRegressionTest {

    /** Output of {@code /usr/bin/python3 examples/src/test/python/linear_regression.py} (Debian PyTorch 1.13). */
    private static final String TORCH = """
tensor([0.], requires_grad=True)
tensor([0.], requires_grad=True)
Epoch    0/1999 W: 0.187, b: 0.080 Cost: 18.666666
Epoch  100/1999 W: 1.746, b: 0.578 Cost: 0.048171
Epoch  200/1999 W: 1.800, b: 0.454 Cost: 0.029767
Epoch  300/1999 W: 1.843, b: 0.357 Cost: 0.018394
Epoch  400/1999 W: 1.876, b: 0.281 Cost: 0.011366
Epoch  500/1999 W: 1.903, b: 0.221 Cost: 0.007024
Epoch  600/1999 W: 1.924, b: 0.174 Cost: 0.004340
Epoch  700/1999 W: 1.940, b: 0.136 Cost: 0.002682
Epoch  800/1999 W: 1.953, b: 0.107 Cost: 0.001657
Epoch  900/1999 W: 1.963, b: 0.084 Cost: 0.001024
Epoch 1000/1999 W: 1.971, b: 0.066 Cost: 0.000633
Epoch 1100/1999 W: 1.977, b: 0.052 Cost: 0.000391
Epoch 1200/1999 W: 1.982, b: 0.041 Cost: 0.000242
Epoch 1300/1999 W: 1.986, b: 0.032 Cost: 0.000149
Epoch 1400/1999 W: 1.989, b: 0.025 Cost: 0.000092
Epoch 1500/1999 W: 1.991, b: 0.020 Cost: 0.000057
Epoch 1600/1999 W: 1.993, b: 0.016 Cost: 0.000035
Epoch 1700/1999 W: 1.995, b: 0.012 Cost: 0.000022
Epoch 1800/1999 W: 1.996, b: 0.010 Cost: 0.000013
Epoch 1900/1999 W: 1.997, b: 0.008 Cost: 0.000008
            """;

    @Test
    void printsWhatPyTorchPrintsAndReachesWTwoBZero() {
        StringWriter text = new StringWriter();
        LinearRegression.Result r = new LinearRegression(1999, 0.01).run(new PrintWriter(text));
        String[] got = text.toString().strip().split("\\R");
        String[] expected = TORCH.strip().split("\\R");
        assertEquals(expected.length, got.length, text.toString());
        assertEquals(expected[0], got[0]);
        assertEquals(expected[1], got[1]);
        for (int i = 2; i < expected.length; i++) {
            String[] e = expected[i].split("[ ,/:]+");
            String[] g = got[i].split("[ ,/:]+");
            assertEquals(expected[i].substring(0, expected[i].indexOf(" W:")), got[i].substring(0, got[i].indexOf(" W:")));
            // Epoch N M W w b b Cost c
            assertEquals(String.join(" ", e[0], e[1], e[2], e[3], e[5], e[7]), String.join(" ", g[0], g[1], g[2], g[3], g[5], g[7]), got[i]);
            assertEquals(Double.parseDouble(e[4]), Double.parseDouble(g[4]), 1.0001e-3, got[i]);
            assertEquals(Double.parseDouble(e[6]), Double.parseDouble(g[6]), 1.0001e-3, got[i]);
            double cost = Double.parseDouble(e[8]);
            assertEquals(cost, Double.parseDouble(g[8]), Math.max(1.0001e-6, 1e-5 * cost), got[i]);
        }
        assertEquals(2.0, r.w(), 0.005);
        assertEquals(0.0, r.b(), 0.01);
    }

    @Test
    void negativeEpochsAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new LinearRegression(-1, 0.01));
        assertEquals("linear-regression: epochs must be >= 0, got -1", e.getMessage());
    }
}
