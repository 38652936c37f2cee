package dev.kiln.data.datasets;

import dev.kiln.Tensor;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Zalando's Fashion-MNIST ({@code torchvision.datasets.FashionMNIST}): 60,000 training and 10,000 test
 * 28×28 grayscale images of 10 kinds of clothing.
 * <pre>{@code
 * var train = FashionMnist.builder().train(true).transform(new ToTensor()).build();
 * }</pre>
 * Without a root, the files are looked for in {@code /usr/share/datasets/fashion-mnist} (Debian's
 * {@code dataset-fashion-mnist} package) and then in {@code ~/.cache/kiln/datasets/FashionMNIST} (where
 * {@code download(true)} puts them). Downloads come from the dataset's canonical location and are checked
 * against its published MD5s.
 */
public final class FashionMnist {
    private FashionMnist() {}

    /** The class names by label, as torchvision's {@code FashionMNIST.classes}. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Debian's folder for the {@code dataset-fashion-mnist} package. */
    public static final Path DEBIAN_ROOT = Path.of("/usr/share/datasets/fashion-mnist");

    static final MnistSpec SPEC = new MnistSpec("FashionMNIST",
            List.of(DEBIAN_ROOT, MnistSpec.userCache("FashionMNIST")),
            MnistSpec.userCache("FashionMNIST"),
            "install Debian's package (sudo apt-get install dataset-fashion-mnist; the files land in " + DEBIAN_ROOT + ")",
            URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
            Map.of(MnistSpec.TRAIN_IMAGES + ".gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
                    MnistSpec.TRAIN_LABELS + ".gz", "25c81989df183df01b3e8a0aad5dffbe",
                    MnistSpec.TEST_IMAGES + ".gz", "bef4ecab320f06d8554ea6380940ec79",
                    MnistSpec.TEST_LABELS + ".gz", "bb300cfdad3c16e7a12a480ee83cd310"),
            CLASSES);

    /**
     * A builder with torchvision's defaults: training split, no download, no transforms (inputs are uint8
     * 28×28 tensors, targets {@code Long} labels).
     *
     * @return a builder
     */
    public static MnistDataset.Builder<Tensor, Long> builder() { return MnistDataset.builder(SPEC); }
}
