package dev.kiln.core.autograd;

import dev.kiln.Tensor;
import dev.kiln.nn.F;
import org.junit.jupiter.api.Test;

import static dev.kiln.core.autograd.NnGradFixtures.assertNode;
import static dev.kiln.core.autograd.NnGradFixtures.assertValues;
import static dev.kiln.core.autograd.NnGradFixtures.constant;
import static dev.kiln.core.autograd.NnGradFixtures.grad;
import static dev.kiln.core.autograd.NnGradFixtures.gradWithGraph;
import static dev.kiln.core.autograd.NnGradFixtures.seq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mse_loss, nll_loss and cross_entropy: node names and gradients against PyTorch 1.13 (float64). */
class NnLossTest {

    private static double[] filled(int n, double v) {
        double[] r = new double[n];
        java.util.Arrays.fill(r, v);
        return r;
    }

    @Test
    void mseLossMean() {
        Tensor x = seq(1, 2, 3);
        Tensor t = seq(2, 2, 3);
        Tensor loss = F.mseLoss(x, t);
        assertNode(loss.gradFn(), "MseLossBackward0", "AccumulateGrad", "AccumulateGrad");
        assertTrue(loss.toString().endsWith("grad_fn=<MseLossBackward0>)"), loss.toString());
        loss.backward();
        assertValues(filled(6, -0.041666666666666664), x.grad());
        assertValues(filled(6, 0.041666666666666664), t.grad());
    }

    @Test
    void mseLossSum() {
        Tensor x = seq(1, 2, 3);
        Tensor t = seq(2, 2, 3);
        F.mseLoss(x, t, F.Reduction.SUM).backward();
        assertValues(filled(6, -0.25), x.grad());
        assertValues(filled(6, 0.25), t.grad());
    }

    @Test
    void mseLossNone() {
        Tensor x = seq(1, 2, 3);
        Tensor t = seq(2, 2, 3);
        Tensor loss = F.mseLoss(x, t, F.Reduction.NONE);
        assertNode(loss.gradFn(), "MseLossBackward0", "AccumulateGrad", "AccumulateGrad");
        loss.backward(constant(4, 2, 3));
        assertValues(new double[] {0.0625, -0.15625, 0.03125, -0.1875, 0.0, 0.1875}, x.grad());
        assertValues(new double[] {-0.0625, 0.15625, -0.03125, 0.1875, 0.0, -0.1875}, t.grad());
    }

    @Test
    void mseLossAgainstAConstantTarget() {
        Tensor x = seq(1, 2, 3);
        Tensor loss = F.mseLoss(x, constant(2, 2, 3));
        assertNode(loss.gradFn(), "MseLossBackward0", "AccumulateGrad", null);
        loss.backward();
        assertValues(filled(6, -0.041666666666666664), x.grad());
    }

    @Test
    void mseLossBroadcastsTheTargetAndUnbroadcastsItsGradient() {
        Tensor x = seq(1, 2, 3);
        Tensor t = seq(2, 3);
        Tensor loss = F.mseLoss(x, t);
        assertEquals(0.3567708333333333, loss.item(), 1e-15);
        loss.backward();
        assertValues(new double[] {-0.041666666666666664, -0.041666666666666664, -0.041666666666666664, 0.29166666666666663,
                -0.25, 0.29166666666666663}, x.grad());
        assertValues(new double[] {-0.24999999999999997, 0.2916666666666667, -0.24999999999999997}, t.grad());
    }

    @Test
    void mseLossDoubleBackward() {
        Tensor x = seq(1, 2, 3);
        Tensor t = seq(2, 2, 3);
        Tensor gx = gradWithGraph(F.mseLoss(x, t), null, x).get(0);
        assertValues(new double[] {0.041666666666666664, -0.25, 0.0, 0.25, -0.041666666666666664, 0.20833333333333334},
                grad(gx, constant(5, 2, 3), t));
        Tensor gx2 = gradWithGraph(F.mseLoss(x, t), null, x).get(0);
        assertValues(new double[] {-0.041666666666666664, 0.25, 0.0, -0.25, 0.041666666666666664, -0.20833333333333334},
                grad(gx2, constant(5, 2, 3), x));
    }

    private static Tensor targets() { return Tensor.of(new long[] {2, 0, 1, 2}); }

    @Test
    void nllLossMeanHasNoEdgeForTheTarget() {
        Tensor x = seq(1, 4, 3);
        Tensor loss = F.nllLoss(x, targets());
        assertNode(loss.gradFn(), "NllLossBackward0", "AccumulateGrad");
        assertEquals(0.0625, loss.item(), 1e-15);
        loss.backward();
        assertValues(new double[] {0.0, 0.0, -0.25, -0.25, 0.0, 0.0, 0.0, -0.25, 0.0, 0.0, 0.0, -0.25}, x.grad());
    }

    @Test
    void nllLossSumAndNone() {
        Tensor x = seq(1, 4, 3);
        F.nllLoss(x, targets(), F.Reduction.SUM).backward();
        assertValues(new double[] {0.0, 0.0, -1.0, -1.0, 0.0, 0.0, 0.0, -1.0, 0.0, 0.0, 0.0, -1.0}, x.grad());
        Tensor x2 = seq(1, 4, 3);
        Tensor none = F.nllLoss(x2, targets(), F.Reduction.NONE);
        assertValues(new double[] {0.5, -0.375, -0.625, 0.75}, none);
        none.backward(constant(4, 4));
        assertValues(new double[] {0.0, 0.0, 0.25, -0.625, 0.0, 0.0, 0.0, 0.125, 0.0, 0.0, 0.0, -0.75}, x2.grad());
    }

    @Test
    void nllLossOfOneSample() {
        Tensor x = seq(1, 3);
        Tensor loss = F.nllLoss(x, Tensor.scalar(1, dev.kiln.DType.INT64));
        assertNode(loss.gradFn(), "NllLossBackward0", "AccumulateGrad");
        loss.backward();
        assertValues(new double[] {0.0, -1.0, 0.0}, x.grad());
    }

    @Test
    void nllLossDoubleBackwardThroughTheOutputGradient() {
        Tensor x = seq(1, 4, 3);
        Tensor go = Tensor.scalar(0.75, dev.kiln.DType.FLOAT64).requiresGrad(true);
        Tensor gx = gradWithGraph(F.nllLoss(x, targets()), go, x).get(0);
        assertValues(new double[] {0.375}, grad(gx, constant(5, 4, 3), go));
    }

    @Test
    void crossEntropyIsNllLossOverLogSoftmax() {
        Tensor x = seq(1, 4, 3);
        Tensor loss = F.crossEntropy(x, targets());
        assertNode(loss.gradFn(), "NllLossBackward0", "LogSoftmaxBackward0");
        assertNode(loss.gradFn().next(0), "LogSoftmaxBackward0", "AccumulateGrad");
        assertEquals(1.2519858161265658, loss.item(), 1e-12);
        loss.backward();
        assertValues(new double[] {0.0551629942723971, 0.13232914410130192, -0.18749213837369905, -0.1540496794519564,
                0.045323722151674704, 0.10872595730028171, 0.0551629942723971, -0.11767085589869808, 0.06250786162630097,
                0.14744941591420316, 0.06965017229906825, -0.2170995882132714}, x.grad());
    }

    @Test
    void crossEntropySum() {
        Tensor x = seq(1, 4, 3);
        Tensor loss = F.crossEntropy(x, targets(), F.Reduction.SUM);
        assertEquals(5.007943264506263, loss.item(), 1e-12);
        loss.backward();
        assertValues(new double[] {0.2206519770895884, 0.5293165764052077, -0.7499685534947962, -0.6161987178078256,
                0.18129488860669882, 0.43490382920112686, 0.2206519770895884, -0.4706834235947923, 0.25003144650520387,
                0.5897976636568126, 0.278600689196273, -0.8683983528530856}, x.grad());
    }

    @Test
    void crossEntropyDoubleBackward() {
        Tensor x = seq(1, 4, 3);
        Tensor gx = gradWithGraph(F.crossEntropy(x, targets()), null, x).get(0);
        assertValues(new double[] {-0.027272911769895363, 0.05036368684929272, -0.023090775079397347, -0.020437035068520248,
                0.030004485079151228, -0.009567450010630987, 0.02017495504795827, -0.05084965685453256, 0.030674701806574292,
                -0.03837014353401924, 0.04281912833234212, -0.004448984798322878}, grad(gx, constant(5, 4, 3), x));
    }

    @Test
    void crossEntropyWithProbabilityTargets() {
        Tensor x = seq(1, 4, 3);
        Tensor p = constant(7, 4, 3).softmax(1);
        F.crossEntropy(x, p).backward();
        assertValues(new double[] {-0.0407873262756465, 0.08700542194962721, -0.04621809567398074, 0.0407873262756465,
                -0.08700542194962721, 0.04621809567398075, -0.0407873262756465, 0.08700542194962721, -0.04621809567398074,
                0.09228642164180606, -0.06267897180223367, -0.029607449839572385}, x.grad());
    }

    @Test
    void lossesOfConstantsRecordNothing() {
        assertNull(F.mseLoss(constant(1, 2, 3), constant(2, 2, 3)).gradFn());
        assertNull(F.crossEntropy(constant(1, 4, 3), targets()).gradFn());
    }
}
