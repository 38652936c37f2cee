package dev.kiln.core.tensor;

import dev.kiln.DType;
import dev.kiln.Kiln;
import dev.kiln.Tensor;
import dev.kiln.TensorOptions;
import dev.kiln.nn.F;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tensor semantics on the default (reference) backend, with the tutorials' examples and PyTorch's values. */
class TensorOpsTest {

    private static void assertValues(double[] expected, Tensor t) {
        assertArrayEquals(expected, t.toDoubleArray(), 1e-6, t.toString());
    }

    private static String message(Class<? extends Throwable> type, org.junit.jupiter.api.function.Executable e) {
        return assertThrows(type, e).getMessage();
    }

    @Nested
    class Tutorials {
        @Test
        void onesWithColumnOneZeroedTimesItself() {
            Tensor t = Tensor.ones(4, 4);
            t.index(":, 1").fill_(0);
            assertValues(new double[] {1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1}, t);
            Tensor y = t.matmul(t.t());
            assertValues(new double[] {3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, y);
            Tensor z = t.mul(t);
            assertValues(t.toDoubleArray(), z);
            Tensor m = t.matmul(t);
            assertValues(new double[] {3, 0, 3, 3}, m.select(0, 0));
        }

        @Test
        void catOnBothDims() {
            Tensor t = Tensor.ones(4, 4);
            assertArrayEquals(new int[] {12, 4}, Tensor.cat(List.of(t, t, t), 0).shape());
            assertArrayEquals(new int[] {4, 12}, Tensor.cat(List.of(t, t, t), 1).shape());
            Tensor a = Tensor.of(new double[][] {{1, 2}});
            Tensor b = Tensor.of(new double[][] {{3, 4}});
            assertValues(new double[] {1, 2, 3, 4}, Tensor.cat(List.of(a, b), 0));
            assertValues(new double[] {1, 2, 3, 4}, Tensor.cat(List.of(a, b), 1));
            assertArrayEquals(new int[] {1, 4}, Tensor.cat(List.of(a, b), 1).shape());
        }

        @Test
        void addAndAddInPlace() {
            Tensor t = Tensor.ones(2, 2);
            Tensor u = t.add(5);
            assertValues(new double[] {1, 1, 1, 1}, t);
            assertValues(new double[] {6, 6, 6, 6}, u);
            assertSame(t, t.add_(5));
            assertValues(new double[] {6, 6, 6, 6}, t);
        }

        @Test
        void viewSeesChangesReshapedCopyOfTransposeDoesNot() {
            Tensor x = Tensor.zeros(3, 2);
            Tensor v = x.view(6);
            x.fill_(1);
            assertValues(new double[] {1, 1, 1, 1, 1, 1}, v);
            Tensor xt = Tensor.zeros(3, 2).t();
            Tensor r = xt.reshape(6);
            xt.fill_(1);
            assertValues(new double[] {0, 0, 0, 0, 0, 0}, r);
            String msg = message(IllegalArgumentException.class, () -> xt.view(6));
            assertTrue(msg.startsWith("view: shape [6] is not compatible with size [2, 3] and stride [1, 2]"), msg);
            assertTrue(msg.endsWith("use reshape()"), msg);
        }

        @Test
        void wrapSharesMemoryBothWays() {
            float[] n = {1, 1, 1, 1, 1};
            Tensor t = Tensor.wrap(n, 5);
            t.add_(5);
            assertArrayEquals(new float[] {6, 6, 6, 6, 6}, n);
            n[2] = 42;
            assertEquals(42.0, t.select(0, 2).item());
            FloatBuffer fb = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder()).asFloatBuffer();
            Tensor w = Tensor.wrap(fb, 2, 2);
            w.fill_(3);
            assertEquals(3f, fb.get(3));
        }

        @Test
        void broadcastingAndMatmulVsMul() {
            Tensor a = Tensor.of(new double[][] {{1, 2}});
            Tensor b = Tensor.of(new double[][] {{3}, {4}});
            Tensor s = a.add(b);
            assertArrayEquals(new int[] {2, 2}, s.shape());
            assertValues(new double[] {4, 5, 5, 6}, s);
            Tensor m = Tensor.of(new double[][] {{1, 2}, {3, 4}});
            Tensor v = Tensor.of(new double[][] {{1}, {2}});
            assertValues(new double[] {5, 11}, m.matmul(v));
            assertArrayEquals(new int[] {2, 1}, m.matmul(v).shape());
            assertValues(new double[] {1, 2, 6, 8}, m.mul(v));
        }

        @Test
        void dotOn2dIsRefusedWithPyTorchsReason() {
            Tensor m = Tensor.of(new double[][] {{1, 2}, {3, 4}});
            String msg = message(IllegalArgumentException.class, () -> m.dot(m));
            assertEquals("dot: 1D tensors expected, but got 2D and 2D tensors", msg);
            assertEquals(11.0, Tensor.of(1.0, 2.0).dot(Tensor.of(3.0, 4.0)).item());
        }

        @Test
        void oneHotViaScatterAndOneHot() {
            Tensor y = Tensor.zeros(10).scatter_(0, Tensor.of(3L), 1);
            assertValues(new double[] {0, 0, 0, 1, 0, 0, 0, 0, 0, 0}, y);
            Tensor oh = Tensor.oneHot(Tensor.of(0, 2, 1), 3);
            assertEquals(DType.INT64, oh.dtype());
            assertArrayEquals(new long[] {1, 0, 0, 0, 0, 1, 0, 1, 0}, oh.toLongArray());
        }

        @Test
        void squeezeUnsqueezeAndSoftmax() {
            Tensor x = Tensor.zeros(2, 1, 2, 1, 2);
            assertArrayEquals(new int[] {2, 2, 2}, x.squeeze().shape());
            assertArrayEquals(new int[] {2, 2, 1, 2}, x.squeeze(1).shape());
            assertArrayEquals(new int[] {1, 3}, Tensor.of(1.0, 2.0, 3.0).unsqueeze(0).shape());
            Tensor p = Tensor.of(1.0, 2.0, 3.0).softmax(0);
            assertValues(new double[] {0.09003057, 0.24472847, 0.66524096}, p);
        }
    }

    @Nested
    class DTypes {
        @Test
        void creationDefaultsFollowPyTorch() {
            assertEquals(DType.FLOAT32, Tensor.of(1.0, 2.0).dtype());
            assertEquals(DType.INT64, Tensor.of(1, 2).dtype());
            assertEquals(DType.BOOL, Tensor.of(true, false).dtype());
            assertEquals(DType.FLOAT32, Tensor.zeros(2).dtype());
            assertEquals(DType.INT64, Tensor.arange(5).dtype());
            assertEquals(DType.FLOAT32, Tensor.arange(0, 1, 0.25).dtype());
        }

        @Test
        void promotionAsResultType() {
            Tensor i = Tensor.of(1, 2);
            Tensor f = Tensor.of(1.0, 2.0);
            assertEquals(DType.FLOAT32, i.add(f).dtype());
            assertEquals(DType.INT64, i.add(1).dtype());
            assertEquals(DType.FLOAT32, i.add(0.5).dtype());
            assertEquals(DType.FLOAT32, i.div(2).dtype());
            assertEquals(DType.FLOAT32, f.add(Tensor.scalar(1, DType.FLOAT64)).dtype());
            assertEquals(DType.FLOAT64, i.to(DType.INT32).add(Tensor.scalar(1, DType.FLOAT64)).dtype());
            assertEquals(DType.INT16, Tensor.of(new int[] {1}, DType.UINT8).add(Tensor.of(new int[] {1}, DType.INT8)).dtype());
            assertEquals(DType.BOOL, f.gt(1).dtype());
            assertEquals(DType.FLOAT32, Tensor.zeros(DType.FLOAT16, 2).add(Tensor.zeros(DType.BFLOAT16, 2)).dtype());
        }

        @Test
        void halfPrecisionIsStoredAsSuch() {
            Tensor h = Tensor.of(new double[] {1.0 / 3}, DType.FLOAT16);
            assertEquals(0.333251953125, h.item());
            Tensor b = Tensor.of(new double[] {1.0 / 3}, DType.BFLOAT16);
            assertEquals(0.333984375, b.item());
            assertEquals(DType.FLOAT16, h.mul(2).dtype());
        }

        @Test
        void castsTruncateAndWrap() {
            assertArrayEquals(new long[] {1, -1, 2}, Tensor.of(1.7, -1.7, 2.2).to(DType.INT64).toLongArray());
            assertArrayEquals(new long[] {-1}, Tensor.of(255).to(DType.INT8).toLongArray());
            assertArrayEquals(new boolean[] {true, false}, Tensor.of(0.5, 0.0).to(DType.BOOL).toBooleanArray());
        }

        @Test
        void inPlaceRefusesALossyResultType() {
            Tensor i = Tensor.of(1, 2);
            String msg = message(IllegalArgumentException.class, () -> i.add_(0.5));
            assertEquals("add_: result type float32 can't be cast to the desired output type int64", msg);
        }

        @Test
        void int64IsExact() {
            long big = (1L << 62) + 1;
            Tensor t = Tensor.of(big);
            assertEquals(big + 1, t.add(1).itemLong());
            assertEquals(big, t.sum().itemLong());
        }
    }

    @Nested
    class Reductions {
        private final Tensor x = Tensor.of(new double[][] {{1, 5, 3}, {4, 2, 6}});

        @Test
        void sumMeanProdOverDimsAndAll() {
            assertEquals(21.0, x.sum().item());
            assertValues(new double[] {5, 7, 9}, x.sum(0));
            assertValues(new double[] {9, 12}, x.sum(-1));
            assertArrayEquals(new int[] {2, 1}, x.sum(1, true).shape());
            assertValues(new double[] {21}, x.sum(new int[] {0, 1}, true));
            assertEquals(3.5, x.mean().item());
            assertValues(new double[] {3, 4}, x.mean(1));
            assertEquals(720.0, x.prod().item());
            assertEquals(DType.INT64, Tensor.of(1, 2).to(DType.INT32).sum().dtype());
        }

        @Test
        void maxMinArgmax() {
            assertEquals(6.0, x.max().item());
            Tensor.ValuesIndices m = x.max(1, false);
            assertValues(new double[] {5, 6}, m.values());
            assertArrayEquals(new long[] {1, 2}, m.indices().toLongArray());
            assertValues(new double[] {4, 5, 6}, x.amax(new int[] {0}, false));
            assertEquals(5, x.argmax().itemLong());
            assertArrayEquals(new long[] {1, 0, 1}, x.argmax(0).toLongArray());
            assertArrayEquals(new long[] {0, 1}, x.argmin(1, false).toLongArray());
            assertArrayEquals(new int[] {1, 3}, x.argmax(0, true).shape());
        }

        @Test
        void meanOfIntegersIsRefused() {
            String msg = message(IllegalArgumentException.class, () -> Tensor.of(1, 2).mean());
            assertTrue(msg.contains("Input dtype must be either a floating point"), msg);
        }

        @Test
        void dimOutOfRangeNamesTheRange() {
            String msg = message(IndexOutOfBoundsException.class, () -> x.sum(2));
            assertEquals("sum: dimension out of range (expected to be in range of [-2, 1], but got 2)", msg);
        }
    }

    @Nested
    class MatmulForms {
        @Test
        void everyTorchMatmulForm() {
            Tensor v = Tensor.arange(0, 3, 1).toFloat();
            Tensor m = Tensor.arange(0, 6, 1).toFloat().view(3, 2);
            Tensor b = Tensor.arange(0, 24, 1).toFloat().view(4, 2, 3);
            assertEquals(5.0, v.matmul(v).item());
            assertArrayEquals(new int[] {2}, v.matmul(m).shape());
            assertValues(new double[] {10, 13}, v.matmul(m));
            assertArrayEquals(new int[] {2}, m.t().matmul(v).shape());
            assertArrayEquals(new int[] {4, 2, 2}, b.matmul(m).shape());
            assertArrayEquals(new int[] {4, 3, 3}, m.matmul(b).shape());
            assertArrayEquals(new int[] {4, 2}, b.matmul(v).shape());
            Tensor bb = Tensor.arange(0, 12, 1).toFloat().view(2, 1, 3, 2);
            assertArrayEquals(new int[] {2, 4, 2, 2}, b.matmul(bb).shape());
            // every batch of the broadcast product equals the 2-D product of its slices
            Tensor prod = b.matmul(bb);
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 4; j++) {
                    Tensor expect = b.select(0, j).mm(bb.select(0, i).select(0, 0));
                    assertTrue(prod.select(0, i).select(0, j).allclose(expect, 0, 0));
                }
            }
        }

        @Test
        void shapeMismatchNamesBothShapes() {
            String msg = message(IllegalArgumentException.class, () -> Tensor.zeros(64, 784).matmul(Tensor.zeros(512, 10)));
            assertEquals("matmul: shapes [64, 784] and [512, 10] cannot be multiplied (784 != 512)", msg);
        }

        @Test
        void transposedOperands() {
            Tensor a = Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}});
            assertValues(new double[] {35, 44, 44, 56}, a.t().matmul(a));
            assertValues(new double[] {5, 11, 17, 11, 25, 39, 17, 39, 61}, a.matmul(a.t()));
        }
    }

    @Nested
    class Errors {
        @Test
        void broadcastFailureNamesShapesAndDim() {
            String msg = message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).add(Tensor.zeros(2, 4)));
            assertEquals("add: the size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1; "
                    + "shapes [2, 3] and [2, 4] cannot be broadcast", msg);
        }

        @Test
        void indexOutOfRange() {
            String msg = message(IndexOutOfBoundsException.class, () -> Tensor.zeros(4, 4).index("5"));
            assertEquals("index 5 is out of bounds for dimension 0 with size 4", msg);
            msg = message(IndexOutOfBoundsException.class, () -> Tensor.zeros(4).index("1, 2"));
            assertTrue(msg.startsWith("index: too many indices for tensor of dimension 1"), msg);
        }

        @Test
        void itemOfManyElements() {
            String msg = message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).item());
            assertEquals("item: a Tensor with 6 elements cannot be converted to Scalar (shape [2, 3])", msg);
        }

        @Test
        void inPlaceOnExpandedViewIsRefused() {
            Tensor e = Tensor.zeros(1, 3).expand(2, 3);
            String msg = message(IllegalArgumentException.class, () -> e.fill_(1));
            assertTrue(msg.contains("more than one element of the written-to tensor refers to a single memory location"), msg);
        }

        @Test
        void raggedArrays() {
            String msg = message(IllegalArgumentException.class, () -> Tensor.of(new double[][] {{1, 2}, {3}}));
            assertTrue(msg.startsWith("of: ragged nested array: expected length 2 at depth 1, got 1"), msg);
        }

        @Test
        void wrapWithWrongSize() {
            String msg = message(IllegalArgumentException.class, () -> Tensor.wrap(new float[5], 2, 3));
            assertEquals("wrap: memory of 5 float32 elements cannot be viewed as shape [2, 3] (6 elements)", msg);
        }
    }

    @Nested
    class CreationAndRandom {
        @Test
        void sameSeedSameNumbers() {
            Kiln.manualSeed(7);
            double[] a = Tensor.rand(5).toDoubleArray();
            double[] n = Tensor.randn(1000).toDoubleArray();
            Kiln.manualSeed(7);
            assertArrayEquals(a, Tensor.rand(5).toDoubleArray());
            assertArrayEquals(n, Tensor.randn(1000).toDoubleArray());
            double mean = java.util.Arrays.stream(n).average().orElseThrow();
            double var = java.util.Arrays.stream(n).map(x -> (x - mean) * (x - mean)).sum() / n.length;
            assertEquals(0, mean, 0.1);
            assertEquals(1, var, 0.15);
            for (double x : a) assertTrue(x >= 0 && x < 1);
            long[] r = Tensor.randint(3, 6, 200).toLongArray();
            for (long x : r) assertTrue(x >= 3 && x < 6);
        }

        @Test
        void rangesAndIdentity() {
            assertValues(new double[] {0, 0.25, 0.5, 0.75, 1}, Tensor.linspace(0, 1, 5));
            assertValues(new double[] {1, 0, 0, 0, 1, 0}, Tensor.eye(2, 3, TensorOptions.DEFAULT));
            assertValues(new double[] {2, 4, 6}, Tensor.arange(2, 7, 2));
            assertValues(new double[] {7, 7}, Tensor.full(7, 2));
            assertEquals(DType.FLOAT64, Tensor.randLike(Tensor.zeros(2), DType.FLOAT64).dtype());
            assertArrayEquals(new int[] {2, 3}, Tensor.onesLike(Tensor.zeros(2, 3)).shape());
        }
    }

    @Nested
    class IndexingOps {
        @Test
        void gatherScatterAdd() {
            Tensor src = Tensor.of(new double[][] {{1, 2}, {3, 4}});
            Tensor idx = Tensor.of(new long[][] {{0, 0}, {1, 0}});
            assertValues(new double[] {1, 1, 4, 3}, src.gather(1, idx));
            Tensor acc = Tensor.zeros(3).scatterAdd_(0, Tensor.of(0L, 2L, 0L), Tensor.of(1.0, 2.0, 3.0));
            assertValues(new double[] {4, 0, 2}, acc);
            String msg = message(IndexOutOfBoundsException.class, () -> src.gather(1, Tensor.of(new long[][] {{2}})));
            assertTrue(msg.startsWith("gather: "), msg);
        }

        @Test
        void whereAndClamp() {
            Tensor x = Tensor.of(-1.0, 0.5, 2.0);
            assertValues(new double[] {0, 0.5, 2}, Tensor.where(x.gt(0), x, Tensor.scalar(0)));
            assertValues(new double[] {-0.5, 0.5, 1}, x.clamp(-0.5, 1));
            assertValues(new double[] {0, 0.5, 2}, x.relu());
        }
    }

    @Nested
    class Nn {
        @Test
        void crossEntropyMatchesNllOfLogSoftmax() {
            Tensor logits = Tensor.of(new double[][] {{1, 2, 3}, {1, 1, 1}});
            Tensor target = Tensor.of(2, 0);
            double expected = (-Math.log(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3))) + Math.log(3)) / 2;
            assertEquals(expected, F.crossEntropy(logits, target).item(), 1e-6);
            assertEquals(expected * 2, F.crossEntropy(logits, target, F.Reduction.SUM).item(), 1e-5);
        }

        @Test
        void convAndPoolShapes() {
            Tensor x = Tensor.arange(0, 32, 1).toFloat().view(1, 2, 4, 4);
            Tensor w = Tensor.ones(3, 2, 3, 3);
            Tensor y = F.conv2d(x, w, Tensor.zeros(3), 1, 1);
            assertArrayEquals(new int[] {1, 3, 4, 4}, y.shape());
            // the centre output sums a full 3x3 window of both channels
            double centre = 0;
            for (int c = 0; c < 2; c++) for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) centre += c * 16 + i * 4 + j;
            assertEquals(centre, y.index("0, 0, 1, 1").item());
            Tensor.ValuesIndices p = F.maxPool2dWithIndices(x, 2, 2, 0);
            assertValues(new double[] {5, 7, 13, 15, 21, 23, 29, 31}, p.values());
            assertArrayEquals(new long[] {5, 7, 13, 15, 5, 7, 13, 15}, p.indices().toLongArray());
        }
    }

    @Test
    void equalAndAllclose() {
        assertTrue(Tensor.of(1.0, 2.0).equal(Tensor.of(1.0, 2.0)));
        assertFalse(Tensor.of(1.0, 2.0).equal(Tensor.of(1.0, 2.5)));
        assertTrue(Tensor.of(1.0, 2.0).allclose(Tensor.of(1.0, 2.0001), 1e-3, 0));
    }
}
