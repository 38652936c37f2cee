package dev.kiln.core.autograd;

import dev.kiln.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The autograd tutorials' examples, with the values and the printed forms PyTorch gives. */
class AutogradTutorialTest {

    @Test
    void qEquals3aCubedMinusBSquared() {
        Tensor a = Tensor.of(2f, 3f).requiresGrad(true);
        Tensor b = Tensor.of(6f, 4f).requiresGrad(true);
        Tensor q = a.pow(3).mul(3).sub(b.pow(2));
        assertEquals("SubBackward0", q.gradFn().name());
        q.sum().backward();
        assertEquals("tensor([36., 81.])", a.grad().toString());
        assertEquals("tensor([-12.,  -8.])", b.grad().toString());
    }

    @Test
    void qBackwardWithAnExternalGradient() {
        Tensor a = Tensor.of(2f, 3f).requiresGrad(true);
        Tensor b = Tensor.of(6f, 4f).requiresGrad(true);
        Tensor q = a.pow(3).mul(3).sub(b.pow(2));
        q.backward(Tensor.of(1f, 1f));
        assertArrayEquals(new float[] {36, 81}, a.grad().toFloatArray());
        assertArrayEquals(new float[] {-12, -8}, b.grad().toFloatArray());
        // 9a^2 == a.grad and -2b == b.grad, as the tutorial checks
        assertTrue(a.pow(2).mul(9).equal(a.grad()));
        assertTrue(b.mul(-2).equal(b.grad()));
    }

    @Test
    void zEquals10wSquaredPlus2() {
        Tensor w = Tensor.scalar(2.0).requiresGrad(true);
        Tensor z = w.pow(2).mul(10).add(2);
        assertEquals("tensor(42., grad_fn=<AddBackward0>)", z.toString());
        z.backward();
        assertEquals("tensor(40.)", w.grad().toString());
    }

    @Test
    void gradientsAccumulateUntilCleared() {
        Tensor w = Tensor.scalar(2.0).requiresGrad(true);
        w.pow(2).mul(10).add(2).backward();
        w.pow(2).mul(10).add(2).backward();
        assertEquals(80.0, w.grad().item());
        w.setGrad(null);
        assertNull(w.grad());
        w.pow(2).mul(10).add(2).backward();
        assertEquals(40.0, w.grad().item());
        w.grad().zero_();
        w.mul(3).backward();
        assertEquals(3.0, w.grad().item());
    }

    @Test
    void printsRequiresGradAndGradFnAsPyTorch() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        assertEquals("tensor([1., 2.], requires_grad=True)", x.toString());
        assertEquals("tensor(3., grad_fn=<SumBackward0>)", x.sum().toString());
        assertEquals("tensor([2., 4.], grad_fn=<MulBackward0>)", x.mul(2).toString());
        assertEquals("tensor([1., 2.])", x.detach().toString());
    }

    @Test
    void nextFunctionsWalkToTheLeavesAccumulators() {
        Tensor a = Tensor.of(2f, 3f).requiresGrad(true);
        Tensor b = Tensor.of(6f, 4f).requiresGrad(true);
        Tensor c = Tensor.of(1f, 1f);
        Tensor q = a.mul(b).add(c);
        assertEquals("AddBackward0", q.gradFn().name());
        assertEquals("MulBackward0", q.gradFn().next(0).name());
        assertNull(q.gradFn().next(1), "c does not require grad: PyTorch's (None, 0)");
        var mul = q.gradFn().next(0);
        assertEquals("AccumulateGrad", mul.next(0).name());
        assertEquals("AccumulateGrad", mul.next(1).name());
        // one accumulator per leaf, shared by every edge into it
        assertTrue(a.mul(2).gradFn().next(0) == mul.next(0));
        assertTrue(mul.toString().matches("<MulBackward0 object at 0x[0-9a-f]+>"), mul.toString());
        assertTrue(a.isLeaf());
        assertTrue(!q.isLeaf());
        assertNull(a.gradFn());
    }
}
