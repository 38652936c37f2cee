package dev.kiln.data.datasets;

import dev.kiln.Tensor;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * LeCun's MNIST handwritten digits ({@code torchvision.datasets.MNIST}): 60,000 training and 10,000 test
 * 28×28 grayscale images of the digits 0 to 9.
 *
 * <p>Debian packages no MNIST, so without a root the files are looked for in
 * {@code /usr/share/datasets/mnist} (the same convention as Fashion-MNIST's package, for a machine that
 * provides it) and then in {@code ~/.cache/kiln/datasets/MNIST}, where {@code download(true)} puts them.
 * Downloads come from the mirror torchvision uses ({@code ossci-datasets.s3.amazonaws.com/mnist}, since
 * LeCun's site refuses robots) and are checked against the canonical files' MD5s.
 */
public final class Mnist {
    private Mnist() {}

    /** The class names by label, as torchvision's {@code MNIST.classes}. */
    public static final List<String> CLASSES = List.of("0 - zero", "1 - one", "2 - two", "3 - three", "4 - four",
            "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine");

    static final MnistSpec SPEC = new MnistSpec("MNIST",
            List.of(Path.of("/usr/share/datasets/mnist"), MnistSpec.userCache("MNIST")),
            MnistSpec.userCache("MNIST"),
            "",
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            Map.of(MnistSpec.TRAIN_IMAGES + ".gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873",
                    MnistSpec.TRAIN_LABELS + ".gz", "d53e105ee54ea40749a09fcbcd1e9432",
                    MnistSpec.TEST_IMAGES + ".gz", "9fb629c4189551a2d022fa330f9573f3",
                    MnistSpec.TEST_LABELS + ".gz", "ec29112dd5afa0611ce80d1b7f02629c"),
            CLASSES);

    /**
     * A builder with torchvision's defaults: training split, no download, no transforms.
     *
     * @return a builder
     */
    public static MnistDataset.Builder<Tensor, Long> builder() { return MnistDataset.builder(SPEC); }
}
