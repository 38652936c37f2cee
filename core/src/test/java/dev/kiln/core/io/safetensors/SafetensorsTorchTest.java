package dev.kiln.core.io.safetensors;

import dev.kiln.DType;
import dev.kiln.Kiln;
import dev.kiln.Tensor;
import dev.kiln.nn.F;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A state dict written from PyTorch ({@code core/src/test/python/gen_safetensors_fixture.py}: torch 1.13,
 * {@code Sequential(Linear(4, 3), ReLU(), Linear(3, 2))}, seed 3) loads and reproduces PyTorch's output.
 */
class SafetensorsTorchTest {

    /** {@code x = torch.randn(5, 4) * 2} after the model's initialisation, printed by the script. */
    private static final float[] INPUT = {
            0.10606680065393448f, 0.8092142939567566f, 1.2225992679595947f, 1.5207808017730713f,
            -0.3689523935317993f, -3.031769037246704f, 1.825034499168396f, 0.5077741742134094f,
            -1.3847272396087646f, -0.9108479022979736f, 4.4248366355896f, -0.753971517086029f,
            1.1832435131072998f, 1.4484786987304688f, -0.6983546614646912f, -1.0579760074615479f,
            -1.3789489269256592f, 1.9155608415603638f, -2.5780200958251953f, -3.2966318130493164f};
    /** {@code model(x)} in PyTorch, printed by the script. */
    private static final float[] OUTPUT = {
            -0.2793961465358734f, 0.6719362735748291f, -1.0467710494995117f, 1.485703706741333f,
            -0.843948483467102f, 1.1497275829315186f, -0.3293693959712982f, 0.5188127160072327f,
            -0.40856146812438965f, 1.1963603496551514f};

    private static Path fixture() throws URISyntaxException {
        return Path.of(SafetensorsTorchTest.class.getResource("/safetensors/torch_mlp.safetensors").toURI());
    }

    @Test
    void reproducesPyTorchsOutput() throws Exception {
        Map<String, Tensor> sd = Kiln.load(fixture());
        Tensor x = Tensor.wrap(INPUT, 5, 4);
        Tensor h = F.relu(F.linear(x, sd.get("0.weight"), sd.get("0.bias")));
        Tensor y = F.linear(h, sd.get("2.weight"), sd.get("2.bias"));
        assertArrayEquals(new int[]{5, 2}, y.shape());
        float[] got = y.toFloatArray();
        for (int i = 0; i < OUTPUT.length; i++) {
            assertEquals(OUTPUT[i], got[i], 1e-6f * Math.max(1, Math.abs(OUTPUT[i])), "output element " + i);
        }
    }

    @Test
    void tensorsComeInTheDataOrderNotTheHeadersOrder() throws Exception {
        // the script sorts the header's keys by name but lays the data out in state dict order
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "extra.f64", "extra.f16", "extra.bf16",
                        "extra.i64", "extra.i32", "extra.i16", "extra.i8", "extra.u8", "extra.bool", "extra.empty"),
                List.copyOf(Kiln.load(fixture()).keySet()));
        assertEquals(Map.of("format", "pt", "source", "gen_safetensors_fixture.py"), Kiln.loadMetadata(fixture()));
    }

    @Test
    void everyDtypePyTorchWroteReadsBack() throws Exception {
        Map<String, Tensor> sd = Kiln.load(fixture());
        assertArrayEquals(new double[]{1.0 / 3, -2.5e-300}, sd.get("extra.f64").toDoubleArray());
        // the values PyTorch printed after rounding to each 16-bit type
        assertEquals(DType.FLOAT16, sd.get("extra.f16").dtype());
        assertArrayEquals(new double[]{0.0999755859375, -65504.0, 6.097555160522461e-05}, sd.get("extra.f16").toDoubleArray());
        assertEquals(DType.BFLOAT16, sd.get("extra.bf16").dtype());
        assertArrayEquals(new int[]{2, 2}, sd.get("extra.bf16").shape());
        assertArrayEquals(new double[]{0.10009765625, -3.00405527047391e+38, 1.5, 7.0}, sd.get("extra.bf16").toDoubleArray());
        assertArrayEquals(new long[]{-(1L << 62), 7}, sd.get("extra.i64").toLongArray());
        assertEquals(0, sd.get("extra.i32").dim());
        assertEquals(-123456, sd.get("extra.i32").itemLong());
        assertArrayEquals(new long[]{-32768, 32767}, sd.get("extra.i16").toLongArray());
        assertArrayEquals(new long[]{-128, 127}, sd.get("extra.i8").toLongArray());
        assertArrayEquals(new long[]{0, 255}, sd.get("extra.u8").toLongArray());
        assertArrayEquals(new boolean[]{true, false, true}, sd.get("extra.bool").toBooleanArray());
        assertArrayEquals(new int[]{0, 3}, sd.get("extra.empty").shape());
    }
}
