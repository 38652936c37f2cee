package dev.kiln.data.transforms;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.data.Transform;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransformsTest {
    private static Tensor uint8(byte[] data, int... shape) {
        return Tensor.wrap(MemorySegment.ofArray(data), DType.UINT8, shape);
    }

    @Test
    void toTensorScalesGrayscaleToOneChannelFloat() {
        Tensor img = uint8(new byte[] {0, (byte) 51, (byte) 128, (byte) 255, 1, 2}, 2, 3);
        Tensor t = new ToTensor().apply(img);
        assertEquals(DType.FLOAT32, t.dtype());
        assertArrayEquals(new int[] {1, 2, 3}, t.shape());
        // float32(x) / 255 as torch computes it
        assertArrayEquals(new float[] {0f, 51f / 255f, 128f / 255f, 1f, 1f / 255f, 2f / 255f}, t.toFloatArray());
    }

    @Test
    void toTensorGivesTorchsFloat32DivisionForEveryByte() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) all[i] = (byte) i;
        float[] v = new ToTensor().apply(uint8(all, 16, 16)).toFloatArray();
        // torch: img.to(float32).div(255), one correctly rounded float32 division per element
        for (int i = 0; i < 256; i++) assertEquals(Float.floatToIntBits((float) i / 255f), Float.floatToIntBits(v[i]), "byte " + i);
    }

    @Test
    void toTensorMovesChannelsFirst() {
        // H=1, W=2, C=3: pixels (1,2,3) and (4,5,6)
        Tensor img = uint8(new byte[] {1, 2, 3, 4, 5, 6}, 1, 2, 3);
        Tensor t = new ToTensor().apply(img);
        assertArrayEquals(new int[] {3, 1, 2}, t.shape());
        float[] v = t.toFloatArray();
        float[] expected = {1, 4, 2, 5, 3, 6};
        for (int i = 0; i < 6; i++) assertEquals(expected[i] / 255f, v[i], 0f, "element " + i);
    }

    @Test
    void toTensorRefusesOtherRanks() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ToTensor().apply(Tensor.zeros(2, 2, 2, 2)));
        assertTrue(e.getMessage().contains("ToTensor") && e.getMessage().contains("[2, 2, 2, 2]"), e.getMessage());
    }

    @Test
    void convertImageDtypeScalesAChannelsFirstImage() {
        Tensor img = uint8(new byte[] {0, (byte) 255, 51, 102, 1, 2}, 3, 1, 2); // C=3, H=1, W=2
        Tensor t = new ConvertImageDtype(DType.FLOAT32).apply(img);
        assertArrayEquals(new int[] {3, 1, 2}, t.shape());
        assertArrayEquals(new float[] {0f, 1f, 51f / 255f, 102f / 255f, 1f / 255f, 2f / 255f}, t.toFloatArray());
        assertEquals("ConvertImageDtype(torch.float32)", new ConvertImageDtype(DType.FLOAT32).toString());
        var e = assertThrows(IllegalArgumentException.class, () -> new ConvertImageDtype(DType.INT64));
        assertTrue(e.getMessage().contains("int64"), e.getMessage());
    }

    @Test
    void normalizePerChannel() {
        Tensor x = Tensor.of(new float[][][] {{{0f, 1f}}, {{0.5f, 0.25f}}}); // [2, 1, 2]
        Tensor y = new Normalize(new double[] {0.5, 0.25}, new double[] {0.5, 0.5}).apply(x);
        assertArrayEquals(new float[] {-1f, 1f, 0.5f, 0f}, y.toFloatArray(), 1e-7f);
        Tensor one = new Normalize(0.5, 0.5).apply(x);
        assertArrayEquals(new float[] {-1f, 1f, 0f, -0.5f}, one.toFloatArray(), 1e-7f);
        var bad = assertThrows(IllegalArgumentException.class,
                () -> new Normalize(new double[] {0.1, 0.2, 0.3}, new double[] {1, 1, 1}).apply(x));
        assertTrue(bad.getMessage().contains("3 means") && bad.getMessage().contains("2 channels"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Normalize(0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new Normalize(new double[] {1}, new double[] {1, 2}));
    }

    @Test
    void theTutorialsOneHotTargetTransformWorks() {
        // target_transform=Lambda(lambda y: torch.zeros(10, dtype=torch.float).scatter_(0, torch.tensor(y), value=1))
        Lambda<Long, Tensor> oneHot = new Lambda<>(y -> Tensor.zeros(10).scatter_(0, Tensor.of(y), 1)); // y boxed: a 0-d index
        Tensor t = oneHot.apply(3L);
        assertEquals(DType.FLOAT32, t.dtype());
        assertArrayEquals(new float[] {0, 0, 0, 1, 0, 0, 0, 0, 0, 0}, t.toFloatArray());
        Lambda<Long, Tensor> rowIndex = new Lambda<>(y -> Tensor.zeros(10).scatter_(0, Tensor.of(new long[] {y}), 1));
        assertArrayEquals(new float[] {0, 1, 0, 0, 0, 0, 0, 0, 0, 0}, rowIndex.apply(1L).toFloatArray());
        Lambda<Long, Tensor> scalarIndex = new Lambda<>(y -> Tensor.zeros(10).scatter_(0, Tensor.scalar(y, DType.INT64), 1));
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, scalarIndex.apply(9L).toFloatArray());
        assertEquals("Lambda()", oneHot.toString());
    }

    @Test
    void composeAppliesInOrderAndPrintsAsTorchvision() {
        Compose<Tensor, Tensor> c = Compose.of(new ToTensor(), new Normalize(0.5, 0.5));
        Tensor out = c.apply(uint8(new byte[] {0, (byte) 255}, 1, 2));
        assertArrayEquals(new float[] {-1f, 1f}, out.toFloatArray(), 1e-7f);
        assertEquals("Compose(\n    ToTensor()\n    Normalize(mean=[0.5], std=[0.5])\n)", c.toString());
        Compose<Tensor, Double> sum = Compose.first(new ToTensor()).then(t -> t.sum().item());
        assertEquals(1.0, sum.apply(uint8(new byte[] {0, (byte) 255}, 1, 2)), 1e-7);
        Transform<Integer, Integer> twice = ((Transform<Integer, Integer>) v -> v + 1).andThen(v -> v * 10);
        assertEquals(30, twice.apply(2));
    }
}
