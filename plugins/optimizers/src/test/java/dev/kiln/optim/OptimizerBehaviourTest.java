package dev.kiln.optim;

import dev.kiln.DType;
import dev.kiln.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** zeroGrad, parameter groups, skipped parameters, and PyTorch's validation messages. */
class OptimizerBehaviourTest {

    private static void assertMessage(String expected, Executable call) {
        var e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void zeroGradClearsByDefault() {
        List<Tensor> p = TorchProblem.params();
        SGD sgd = new SGD(p, 0.1);
        TorchProblem.loss(p).backward();
        sgd.zeroGrad();
        assertNull(p.get(0).grad());
        assertNull(p.get(1).grad());
    }

    @Test
    void zeroGradWithoutSetToNoneFillsZerosInPlace() {
        List<Tensor> p = TorchProblem.params();
        SGD sgd = new SGD(p, 0.1);
        TorchProblem.loss(p).backward();
        Tensor g = p.get(0).grad();
        sgd.zeroGrad(false);
        assertSame(g, p.get(0).grad());
        assertArrayEquals(new double[6], g.toDoubleArray());
        TorchProblem.loss(p).backward(); // accumulates into zeros: the plain gradient again
        Tensor fresh = TorchProblem.params().get(0);
        List<Tensor> q = List.of(fresh, TorchProblem.params().get(1));
        TorchProblem.loss(q).backward();
        assertArrayEquals(fresh.grad().toDoubleArray(), p.get(0).grad().toDoubleArray(), 1e-15);
    }

    @Test
    void parametersWithoutGradientAreSkipped() {
        Tensor a = Tensor.of(new double[] {1, 2}, DType.FLOAT64).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {3, 4}, DType.FLOAT64).requiresGrad(true);
        Adam adam = new Adam(List.of(a, b), 0.1);
        a.sum().backward();
        adam.step();
        assertArrayEquals(new double[] {3, 4}, b.toDoubleArray());
        assertTrue(a.toDoubleArray()[0] < 1);
        assertEquals(1, ((java.util.Map<?, ?>) adam.stateDict().get("state")).size());
    }

    @Test
    void groupsKeepExplicitOptionsAndFollowDefaultsOtherwise() {
        List<Tensor> p = TorchProblem.params();
        SGD sgd = new SGD(List.of(p.get(0)), 0.1);
        sgd.addParamGroup(ParamGroup.of(List.of(p.get(1))).lr(0.01));
        sgd.lr(0.5).momentum(0.9);
        assertEquals(0.5, sgd.paramGroups().get(0).lr());
        assertEquals(0.01, sgd.paramGroups().get(1).lr());
        assertEquals(0.9, sgd.paramGroups().get(1).getDouble("momentum"));
        sgd.paramGroups().get(0).lr(0.25); // as a learning-rate schedule does
        assertEquals(0.25, sgd.paramGroups().get(0).lr());
    }

    @Test
    void parameterListsAreChecked() {
        Tensor w = Tensor.ones(2).requiresGrad(true);
        assertMessage("SGD: optimizer got an empty parameter list", () -> new SGD(List.of(), 0.1));
        assertMessage("SGD: can't optimize a non-leaf Tensor", () -> new SGD(List.of(w.mul(2)), 0.1));
        SGD sgd = new SGD(List.of(w), 0.1);
        assertMessage("SGD: some parameters appear in more than one parameter group",
                () -> sgd.addParamGroup(ParamGroup.of(List.of(w))));
        assertMessage("SGD: parameter group option 'betas' is not a SGD hyperparameter; valid: lr, momentum, dampening, weight_decay, nesterov",
                () -> sgd.addParamGroup(ParamGroup.of(List.of(Tensor.ones(1).requiresGrad(true))).set("betas", List.of(0.9, 0.99))));
        assertMessage("SGD: Invalid learning rate: -0.5",
                () -> sgd.addParamGroup(ParamGroup.of(List.of(Tensor.ones(1).requiresGrad(true))).lr(-0.5)));
        assertEquals(1, sgd.paramGroups().size());
    }

    @Test
    void hyperparametersAreValidatedWithPyTorchsMessages() {
        List<Tensor> p = TorchProblem.params();
        assertMessage("SGD: Invalid learning rate: -1.0", () -> new SGD(p, -1));
        assertMessage("SGD: Invalid momentum value: -0.9", () -> new SGD(p, 0.1).momentum(-0.9));
        assertMessage("SGD: Invalid weight_decay value: -0.0001", () -> new SGD(p, 0.1).weightDecay(-1e-4));
        assertMessage("Adam: Invalid learning rate: -0.001", () -> new Adam(p, -1e-3));
        assertMessage("Adam: Invalid epsilon value: -1e-08", () -> new Adam(p).eps(-1e-8));
        assertMessage("Adam: Invalid beta parameter at index 0: 1.0", () -> new Adam(p).betas(1.0, 0.999));
        assertMessage("AdamW: Invalid beta parameter at index 1: -0.5", () -> new AdamW(p).betas(0.9, -0.5));
        assertMessage("AdamW: Invalid weight_decay value: -0.01", () -> new AdamW(p).weightDecay(-0.01));
        assertMessage("RMSprop: Invalid alpha value: -0.99", () -> new RMSprop(p).alpha(-0.99));
        assertMessage("RMSprop: Invalid momentum value: -1.0", () -> new RMSprop(p).momentum(-1));
        assertMessage("RMSprop: Invalid epsilon value: -1e-08", () -> new RMSprop(p).eps(-1e-8));
    }

    @Test
    void nesterovNeedsMomentumAndZeroDampeningAtTheNextStep() {
        List<Tensor> p = TorchProblem.params();
        TorchProblem.loss(p).backward();
        String msg = "SGD: Nesterov momentum requires a momentum and zero dampening";
        assertMessage(msg, () -> new SGD(p, 0.1).nesterov(true).step());
        assertMessage(msg, () -> new SGD(p, 0.1).nesterov(true).momentum(0.9).dampening(0.1).step());
        double[] before = TorchProblem.values(p);
        SGD ok = new SGD(p, 0.1).nesterov(true).momentum(0.9);
        assertMessage(msg, () -> ok.dampening(0.5).validate());
        assertArrayEquals(before, TorchProblem.values(p)); // nothing stepped
    }

    @Test
    void stepWithClosureReturnsTheLoss() {
        List<Tensor> p = TorchProblem.params();
        SGD sgd = new SGD(p, 0.1);
        double first = TorchProblem.loss(p).item();
        Tensor loss = sgd.step(() -> {
            sgd.zeroGrad();
            Tensor l = TorchProblem.loss(p);
            l.backward();
            return l;
        });
        assertEquals(first, loss.item(), 1e-15);
        assertTrue(TorchProblem.loss(p).item() < first);
    }

    /** PyTorch 1.13 prints the same lines, plus its differentiable/foreach/maximize options and 0 for integer defaults. */
    @Test
    void printsAsPyTorch() {
        List<Tensor> p = TorchProblem.params();
        SGD sgd = new SGD(List.of(p.get(0)), 0.1).momentum(0.9);
        sgd.addParamGroup(ParamGroup.of(List.of(p.get(1))).lr(1e-5));
        assertEquals("""
                SGD (
                Parameter Group 0
                    dampening: 0.0
                    lr: 0.1
                    momentum: 0.9
                    nesterov: False
                    weight_decay: 0.0

                Parameter Group 1
                    dampening: 0.0
                    lr: 1e-05
                    momentum: 0.9
                    nesterov: False
                    weight_decay: 0.0
                )""", sgd.toString());
        assertEquals("""
                Adam (
                Parameter Group 0
                    amsgrad: False
                    betas: (0.9, 0.999)
                    eps: 1e-08
                    lr: 0.001
                    weight_decay: 0.0
                )""", new Adam(p).toString());
    }

    @Test
    void pythonFloatRepr() {
        assertEquals("-1.0", OptimizerArgs.pyRepr(-1));
        assertEquals("0.001", OptimizerArgs.pyRepr(1e-3));
        assertEquals("0.0001", OptimizerArgs.pyRepr(1e-4));
        assertEquals("1e-05", OptimizerArgs.pyRepr(1e-5));
        assertEquals("1.5e-08", OptimizerArgs.pyRepr(1.5e-8));
        assertEquals("1e+16", OptimizerArgs.pyRepr(1e16));
        assertEquals("1234567890123456.0", OptimizerArgs.pyRepr(1234567890123456.0));
        assertEquals("0.1", OptimizerArgs.pyRepr(0.1));
        assertEquals("nan", OptimizerArgs.pyRepr(Double.NaN));
        assertEquals("-inf", OptimizerArgs.pyRepr(Double.NEGATIVE_INFINITY));
    }
}
