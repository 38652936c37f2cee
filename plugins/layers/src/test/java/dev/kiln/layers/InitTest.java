package dev.kiln.layers;

import dev.kiln.Kiln;
import dev.kiln.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PyTorch's default initialisation: {@code kaiming_uniform_(a=sqrt(5))} is {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))},
 * and so is the bias; seeded by {@link Kiln#manualSeed}.
 */
class InitTest {

    /** Every value in [-b, b], mean 0 and variance b^2/3 within 5 standard errors. */
    private static void uniform(Tensor t, double bound) {
        double[] v = t.toDoubleArray();
        int n = v.length;
        double sum = 0, sq = 0, min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (double x : v) {
            sum += x;
            sq += x * x;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        assertTrue(min >= -bound && max <= bound, "values in [" + min + ", " + max + "], bound " + bound);
        // the extremes come close to the bound: not a narrower distribution
        assertTrue(max > bound * (1 - 20.0 / n) && min < -bound * (1 - 20.0 / n), "range [" + min + ", " + max + "]");
        double mean = sum / n;
        double var = sq / n - mean * mean;
        double b2 = bound * bound;
        assertEquals(0, mean, 5 * Math.sqrt(b2 / 3 / n), "mean");
        // var of x^2 for U(-b, b) is 4 b^4 / 45
        assertEquals(b2 / 3, var, 5 * Math.sqrt(4 * b2 * b2 / 45 / n), "variance");
    }

    @Test
    void linearWeightAndBias() {
        Linear big = new Linear(784, 512);
        uniform(big.weight(), 1 / Math.sqrt(784));
        Linear wide = new Linear(400, 4096);
        uniform(wide.bias(), 1 / Math.sqrt(400));
    }

    @Test
    void conv2dFanInIsChannelsTimesKernel() {
        Conv2d conv = new Conv2d(16, 64, 5);
        assertArrayEquals(new int[] {64, 16, 5, 5}, conv.weight().shape());
        uniform(conv.weight(), 1 / Math.sqrt(16 * 25));
        Conv2d manyOut = new Conv2d(3, 2000, new int[] {3, 2}, new int[] {1, 1}, new int[] {0, 0}, true);
        uniform(manyOut.bias(), 1 / Math.sqrt(3 * 3 * 2));
    }

    @Test
    void sameSeedSameWeights() {
        Kiln.manualSeed(7);
        Models.Net a = new Models.Net();
        Kiln.manualSeed(7);
        Models.Net b = new Models.Net();
        Models.Net c = new Models.Net();
        a.stateDict().forEach((k, v) -> assertTrue(v.equal(b.stateDict().get(k)), k));
        assertFalse(a.fc1.weight().equal(c.fc1.weight()));
    }
}
