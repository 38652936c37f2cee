package dev.kiln.examples.data;

import dev.kiln.DType;
import dev.kiln.Kiln;
import dev.kiln.Tensor;
import dev.kiln.data.Batch;
import dev.kiln.data.DataLoader;
import dev.kiln.data.datasets.ClasspathFolder;
import dev.kiln.data.datasets.DatasetNotFoundException;
import dev.kiln.data.datasets.FashionMnist;
import dev.kiln.data.datasets.ImageCsvDataset;
import dev.kiln.data.datasets.MnistDataset;
import dev.kiln.data.transforms.ConvertImageDtype;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The tutorial's custom dataset ("Datasets and DataLoaders"): writes a folder of PNG images and an
 * annotations CSV ({@code tshirt1.png, 0} rows) from real Fashion-MNIST images, reads them back with
 * {@link ImageCsvDataset} (the tutorial's {@code CustomImageDataset}), iterates them with a shuffled
 * {@link DataLoader} and prints what the tutorial prints: the feature and label batch shapes, the first
 * image (as text, where the tutorial calls {@code plt.imshow}) and its label.
 */
public final class CustomDatasetExample {
    private final Path folder;
    private final Path data;
    private final int images;
    private final long seed;

    /**
     * @param folder where the PNGs and {@code annotations.csv} are written
     * @param data   a Fashion-MNIST folder, or {@code null} for the installed set, else the shipped subset
     * @param images how many images to write (at least 1)
     * @param seed   the seed of Kiln's generator, which the loader's shuffle draws from
     */
    public CustomDatasetExample(Path folder, Path data, int images, long seed) {
        if (images < 1) throw new IllegalArgumentException("custom-dataset: --images must be at least 1, got " + images);
        this.folder = folder;
        this.data = data;
        this.images = images;
        this.seed = seed;
    }

    /** Runs the example, printing to {@code out}; returns the label printed last. */
    public long run(PrintWriter out) throws IOException {
        MnistDataset<Tensor, Long> source = source(out);
        Path annotations = writeImages(source, out);

        // CustomImageDataset(annotations_file, img_dir, transform=..., target_transform=None)
        var dataset = ImageCsvDataset.of(annotations, folder, new ConvertImageDtype(DType.FLOAT32), null);
        out.println("Dataset: " + dataset.size() + " images from " + annotations.getFileName());

        Kiln.manualSeed(seed);
        try (var loader = DataLoader.builder(dataset).batchSize(64).shuffle(true).build()) {
            Batch batch = loader.iterator().next(); // train_features, train_labels = next(iter(train_dataloader))
            out.println("Feature batch shape: " + torchSize(batch.input()));
            out.println("Labels batch shape: " + torchSize(batch.target()));
            Tensor img = batch.input().select(0, 0).squeeze();
            long label = batch.target().toLongArray()[0];
            out.print(ascii(img));
            out.println("Label: " + label + " (" + FashionMnist.CLASSES.get((int) label) + ")");
            out.flush();
            return label;
        }
    }

    private MnistDataset<Tensor, Long> source(PrintWriter out) {
        MnistDataset<Tensor, Long> ds;
        if (data != null) {
            ds = FashionMnist.builder().root(data).build();
        } else {
            try {
                ds = FashionMnist.builder().build();
            } catch (DatasetNotFoundException e) {
                Path subset = ClasspathFolder.find(CustomDatasetExample.class, "/fashion-mnist-subset").orElseThrow(() -> e);
                ds = FashionMnist.builder().root(subset).build();
            }
        }
        out.println("Fashion-MNIST images from " + ds.folder() + " (" + ds.size() + " training images)");
        return ds;
    }

    /** Writes the first {@code images} training images as PNGs named by class, and the annotations CSV. */
    private Path writeImages(MnistDataset<Tensor, Long> source, PrintWriter out) throws IOException {
        Files.createDirectories(folder);
        int n = Math.min(images, source.size());
        int[] perClass = new int[source.classes().size()];
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int label = source.label(i);
            String name = slug(source.classes().get(label)) + (++perClass[label]) + ".png";
            long[] px = source.get(i).input().toLongArray();
            BufferedImage img = new BufferedImage(source.cols(), source.rows(), BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < source.rows(); y++) {
                for (int x = 0; x < source.cols(); x++) img.getRaster().setSample(x, y, 0, (int) px[y * source.cols() + x]);
            }
            if (!ImageIO.write(img, "png", folder.resolve(name).toFile())) {
                throw new UncheckedIOException(new IOException("custom-dataset: no PNG writer in this JDK"));
            }
            csv.append(name).append(", ").append(label).append('\n');
        }
        Path annotations = folder.resolve("annotations.csv");
        Files.writeString(annotations, csv);
        out.println("Wrote " + n + " PNG images and annotations.csv to " + folder);
        out.println("annotations.csv starts:");
        csv.toString().lines().limit(3).forEach(line -> out.println("  " + line));
        return annotations;
    }

    private static String slug(String className) {
        return className.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "");
    }

    /** PyTorch's {@code torch.Size([64, 1, 28, 28])}. */
    static String torchSize(Tensor t) {
        return "torch.Size([" + Arrays.stream(t.shape()).mapToObj(Integer::toString).collect(Collectors.joining(", ")) + "])";
    }

    /** The image as text, dark to light: a terminal's {@code plt.imshow(img, cmap="gray")}. */
    static String ascii(Tensor img) {
        String ramp = " .:-=+*#%@";
        float[] v = img.toFloatArray();
        int h = img.size(0), w = img.size(1);
        StringBuilder sb = new StringBuilder();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int k = Math.min(ramp.length() - 1, (int) (v[y * w + x] * ramp.length()));
                sb.append(ramp.charAt(k)).append(ramp.charAt(k));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
