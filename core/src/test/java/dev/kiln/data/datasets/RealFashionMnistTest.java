package dev.kiln.data.datasets;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.data.Batch;
import dev.kiln.data.DataLoader;
import dev.kiln.data.transforms.ToTensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Checks against the real Fashion-MNIST when Debian's package is installed. Expected figures come from
 * {@code core/src/test/python/fashion_mnist_figures.py} (numpy over the same files).
 */
class RealFashionMnistTest {
    @BeforeAll
    static void present() {
        assumeTrue(Files.isRegularFile(FashionMnist.DEBIAN_ROOT.resolve("train-images-idx3-ubyte.gz")),
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
    }

    @Test
    void trainingSplit() {
        var train = FashionMnist.builder().train(true).build();
        assertEquals(60000, train.size());
        assertEquals(9L, train.get(0).target());
        assertEquals("Ankle boot", train.classes().get(train.label(0)));
        long[] firstTen = new long[10];
        for (int i = 0; i < 10; i++) firstTen[i] = train.label(i);
        assertArrayEquals(new long[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, firstTen);
        Tensor img = train.get(0).input();
        assertEquals(DType.UINT8, img.dtype());
        assertEquals(76247, img.toLong().sum().itemLong());
        assertArrayEquals(new long[] {0, 0, 1, 4, 6, 7, 2, 0, 0, 0, 0, 0, 237, 226, 217, 223, 222, 219, 222, 221, 216,
                223, 229, 215, 218, 255, 77, 0}, img.select(0, 14).toLongArray());
        assertEquals(16684, train.get(59999).input().toLong().sum().itemLong());
        assertEquals(5, train.label(59999));
        long[] counts = new long[10];
        for (long y : train.labels().toLongArray()) counts[(int) y]++;
        for (long c : counts) assertEquals(6000, c);
    }

    @Test
    void testSplit() {
        var test = FashionMnist.builder().train(false).build();
        assertEquals(10000, test.size());
        assertEquals(9, test.label(0));
        assertEquals(33456, test.get(0).input().toLong().sum().itemLong());
        assertEquals(24390, test.get(9999).input().toLong().sum().itemLong());
        assertEquals(5, test.label(9999));
        assertArrayEquals(new int[] {10000, 28, 28}, test.images().shape());
    }

    @Test
    void theTestSplitThroughToTensorAndAShuffledLoaderWithWorkers() {
        var test = FashionMnist.builder().train(false).transform(new ToTensor()).build();
        assertEquals("Dataset FashionMNIST\n    Number of datapoints: 10000\n    Root location: " + FashionMnist.DEBIAN_ROOT
                + "\n    Split: Test\n    StandardTransform\nTransform: ToTensor()", test.toString());
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
            try (var loader = DataLoader.builder(test).batchSize(64).seed(1).workers(2).build()) {
                assertEquals(157, loader.size());
                double pixels = 0;
                long labels = 0;
                int batches = 0, last = 0;
                for (Batch b : loader) {
                    pixels += b.input().sum().item();
                    labels += b.target().sum().itemLong();
                    last = b.size();
                    batches++;
                }
                assertEquals(157, batches);
                assertEquals(10000 - 156 * 64, last);
                assertEquals(45000, labels);
                // numpy: sum of float32(x) / 255 over the split, in float64
                assertEquals(2248898.4019832574, pixels, 2248898.4 * 1e-6);
            }
        });
    }
}
