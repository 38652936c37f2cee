package dev.kiln.core.optim;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.core.tensor.TensorImpl;
import dev.kiln.optim.Updates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The composed optimizer updates against the fused-kernel contracts: the same inputs through core's
 * composed form (reference backend, no fused kernels) and through a backend whose fused kernels are the
 * Javadoc rules written as scalar loops must agree, so a backend's fused kernel is comparable with the
 * composed form. Also: dispatch to the fused kernel, declining, and operand validation.
 */
class OptimizerStepsTest {
    private static final int[] SHAPE = {3, 5};

    /** Same values on the reference backend (index 0) and on the contract backend (index 1). */
    private static Tensor[] pair(ContractStepBackend be, DType dtype, long seed) {
        Random r = new Random(seed);
        double[] v = new double[15];
        for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian();
        Tensor onRef = Tensor.of(v, dtype).view(SHAPE);
        TensorImpl onBe = TensorImpl.allocate(be, dtype, SHAPE);
        onBe.copy_(onRef);
        return new Tensor[] {onRef, onBe};
    }

    private static Tensor[] zeros(ContractStepBackend be, DType dtype) {
        TensorImpl onBe = TensorImpl.allocate(be, dtype, SHAPE);
        onBe.zero_();
        return new Tensor[] {Tensor.zeros(dtype, SHAPE), onBe};
    }

    private static void assertClose(Tensor a, Tensor b, double tol, String what) {
        double[] x = a.toDoubleArray(), y = b.toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            assertTrue(Math.abs(x[i] - y[i]) <= tol * (1 + Math.abs(y[i])), what + "[" + i + "]: composed " + x[i] + " vs contract " + y[i]);
        }
    }

    @ParameterizedTest(name = "{0} momentum={1} dampening={2} wd={3} nesterov={4}")
    @CsvSource({
            "FLOAT64, 0, 0, 0, false", "FLOAT64, 0.9, 0, 0, false", "FLOAT64, 0.9, 0, 0.01, true",
            "FLOAT64, 0.8, 0.3, 0.1, false", "FLOAT32, 0.9, 0, 0.01, true"})
    void composedSgdFollowsTheKernelContract(DType dtype, double momentum, double dampening, double wd, boolean nesterov) {
        ContractStepBackend be = new ContractStepBackend();
        Tensor[] p = pair(be, dtype, 1), buf = zeros(be, dtype);
        double tol = dtype == DType.FLOAT64 ? 1e-14 : 1e-6;
        for (int step = 0; step < 4; step++) {
            Tensor[] g = pair(be, dtype, 10 + step);
            for (int i = 0; i < 2; i++) {
                Updates.sgd(p[i], g[i], momentum == 0 ? null : buf[i], 0.1, momentum, dampening, wd, nesterov, step == 0);
            }
            assertClose(p[0], p[1], tol, "param after step " + step);
            if (momentum != 0) assertClose(buf[0], buf[1], tol, "momentum buffer after step " + step);
        }
        assertEquals(4, be.sgdCalls);
    }

    @ParameterizedTest(name = "{0} wd={1} decoupled={2} amsgrad={3}")
    @CsvSource({
            "FLOAT64, 0, false, false", "FLOAT64, 0.1, false, true", "FLOAT64, 0.1, true, false",
            "FLOAT64, 0.05, true, true", "FLOAT32, 0.1, false, true"})
    void composedAdamFollowsTheKernelContract(DType dtype, double wd, boolean decoupled, boolean amsgrad) {
        ContractStepBackend be = new ContractStepBackend();
        Tensor[] p = pair(be, dtype, 2), m = zeros(be, dtype), v = zeros(be, dtype), vMax = zeros(be, dtype);
        double tol = dtype == DType.FLOAT64 ? 1e-14 : 1e-5;
        for (int t = 1; t <= 5; t++) {
            // shrinking gradients, so that amsgrad's maximum differs from the second moment
            Tensor[] g = pair(be, dtype, 20 + t);
            for (int i = 0; i < 2; i++) {
                Updates.adam(p[i], g[i].mul(1.0 / t), m[i], v[i], amsgrad ? vMax[i] : null, t, 0.01, 0.9, 0.999,
                        1e-8, wd, decoupled, amsgrad);
            }
            assertClose(p[0], p[1], tol, "param after step " + t);
            assertClose(m[0], m[1], tol, "exp_avg after step " + t);
            assertClose(v[0], v[1], tol, "exp_avg_sq after step " + t);
            if (amsgrad) assertClose(vMax[0], vMax[1], tol, "max_exp_avg_sq after step " + t);
        }
        assertEquals(5, be.adamCalls);
    }

    @Test
    void aDeclinedKernelFallsBackToTheComposedForm() {
        ContractStepBackend be = new ContractStepBackend();
        be.decline = true;
        Tensor[] p = pair(be, DType.FLOAT64, 3), g = pair(be, DType.FLOAT64, 4), buf = zeros(be, DType.FLOAT64);
        for (int i = 0; i < 2; i++) Updates.sgd(p[i], g[i], buf[i], 0.1, 0.9, 0, 0, false, true);
        assertEquals(0, be.sgdCalls);
        assertArrayEquals(p[0].toDoubleArray(), p[1].toDoubleArray());
        assertArrayEquals(buf[0].toDoubleArray(), buf[1].toDoubleArray());
    }

    /** The TCK's view: on one backend, the fused kernel against the composed form of the same step. */
    @Test
    void stepComposedSkipsTheFusedKernelOnTheSameBackend() {
        ContractStepBackend be = new ContractStepBackend();
        Tensor[] a = pair(be, DType.FLOAT64, 7), b = pair(be, DType.FLOAT64, 7), g = pair(be, DType.FLOAT64, 8);
        Tensor[] ma = zeros(be, DType.FLOAT64), va = zeros(be, DType.FLOAT64), mb = zeros(be, DType.FLOAT64), vb = zeros(be, DType.FLOAT64);
        AdamStep.step(a[1], g[1], ma[1], va[1], null, 1, 0.1, 0.9, 0.999, 1e-8, 0.01, true, false);
        AdamStep.stepComposed(b[1], g[1], mb[1], vb[1], null, 1, 0.1, 0.9, 0.999, 1e-8, 0.01, true, false);
        assertEquals(1, be.adamCalls);
        assertClose(b[1], a[1], 1e-14, "adam param");
        SgdStep.step(a[1], g[1], null, 0.1, 0, 0, 0.01, false, true);
        SgdStep.stepComposed(b[1], g[1], null, 0.1, 0, 0, 0.01, false, true);
        assertEquals(1, be.sgdCalls);
        assertClose(b[1], a[1], 1e-14, "sgd param");
    }

    @Test
    void aStridedParameterIsUpdatedInPlace() {
        ContractStepBackend be = new ContractStepBackend();
        Tensor[] p = pair(be, DType.FLOAT64, 5), g = pair(be, DType.FLOAT64, 6);
        Tensor[] m = zeros(be, DType.FLOAT64), v = zeros(be, DType.FLOAT64);
        // transposed views: the contract kernel declines them, the composed form writes through the strides
        Tensor expected = p[0].clone();
        Updates.adam(expected, g[0], m[0], v[0], null, 1, 0.1, 0.9, 0.999, 1e-8, 0, false, false);
        Tensor pt = p[1].t(), gt = g[1].t();
        Tensor mt = TensorImpl.allocate(be, DType.FLOAT64, new int[] {5, 3}).zero_();
        Tensor vt = TensorImpl.allocate(be, DType.FLOAT64, new int[] {5, 3}).zero_();
        Updates.adam(pt, gt, mt, vt, null, 1, 0.1, 0.9, 0.999, 1e-8, 0, false, false);
        assertEquals(0, be.adamCalls);
        assertArrayEquals(expected.toDoubleArray(), p[1].toDoubleArray(), 1e-15);
    }

    @Test
    void updatesAreNotRecordedAndBumpVersions() {
        Tensor w = Tensor.of(new double[] {1, 2, 3}, DType.FLOAT64).requiresGrad(true);
        Tensor buf = Tensor.zeros(DType.FLOAT64, 3);
        int before = w.version();
        Updates.sgd(w, Tensor.ones(DType.FLOAT64, 3), buf, 0.5, 0.9, 0, 0, false, true);
        assertArrayEquals(new double[] {0.5, 1.5, 2.5}, w.toDoubleArray());
        assertTrue(w.isLeaf());
        assertNull(w.gradFn());
        assertTrue(w.version() > before);
        ContractStepBackend be = new ContractStepBackend();
        TensorImpl q = TensorImpl.allocate(be, DType.FLOAT64, new int[] {3});
        q.zero_();
        int v0 = q.version();
        Updates.sgd(q, q.clone().fill_(1), null, 0.5, 0, 0, 0, false, true);
        assertEquals(1, be.sgdCalls);
        assertEquals(v0 + 1, q.version());
    }

    @Test
    void operandsAreValidated() {
        Tensor p = Tensor.zeros(DType.FLOAT64, 2, 2);
        Tensor g = Tensor.zeros(DType.FLOAT64, 2, 2);
        assertMessage("sgd_step: grad has shape [4] but param has shape [2, 2]",
                () -> Updates.sgd(p, Tensor.zeros(DType.FLOAT64, 4), null, 0.1, 0, 0, 0, false, true));
        assertMessage("sgd_step: grad has dtype float32 but param has dtype float64",
                () -> Updates.sgd(p, Tensor.zeros(2, 2), null, 0.1, 0, 0, 0, false, true));
        assertMessage("sgd_step: param must be floating point, got int64",
                () -> Updates.sgd(Tensor.zeros(DType.INT64, 2), Tensor.zeros(DType.INT64, 2), null, 0.1, 0, 0, 0, false, true));
        assertMessage("sgd_step: momentum is 0.9 but momentumBuffer is null",
                () -> Updates.sgd(p, g, null, 0.1, 0.9, 0, 0, false, true));
        assertMessage("sgd_step: momentumBuffer shares storage with param",
                () -> Updates.sgd(p, g, p.view(4).view(2, 2), 0.1, 0.9, 0, 0, false, true));
        assertMessage("adam_step: step must be >= 1 (it counts this update), got 0",
                () -> Updates.adam(p, g, p.clone(), p.clone(), null, 0, 0.1, 0.9, 0.999, 1e-8, 0, false, false));
        assertMessage("adam_step: amsgrad is true but maxExpAvgSq is null",
                () -> Updates.adam(p, g, p.clone(), p.clone(), null, 1, 0.1, 0.9, 0.999, 1e-8, 0, false, true));
        assertMessage("adam_step: expAvgSq shares storage with another operand",
                () -> { Tensor m = p.clone(); Updates.adam(p, g, m, m, null, 1, 0.1, 0.9, 0.999, 1e-8, 0, false, false); });
        assertArrayEquals(new double[4], p.toDoubleArray());
    }

    private static void assertMessage(String expected, Runnable call) {
        var e = assertThrows(IllegalArgumentException.class, call::run);
        assertEquals(expected, e.getMessage());
    }
}
