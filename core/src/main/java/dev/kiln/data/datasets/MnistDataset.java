package dev.kiln.data.datasets;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.data.Dataset;
import dev.kiln.data.Sample;
import dev.kiln.data.Transform;
import dev.kiln.data.idx.Idx;
import dev.kiln.data.idx.IdxArray;
import dev.kiln.data.idx.IdxFormatException;
import dev.kiln.data.idx.IdxType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An MNIST-format dataset ({@link FashionMnist}, {@link Mnist}) held in memory as one uint8 buffer of
 * images and one array of labels. {@link #get(int)} gives a fresh uint8 H×W tensor (or what the
 * transform makes of it) and the label as a {@code Long} (or what the target transform makes of it);
 * {@link #images()} and {@link #labels()} give the whole split as tensors for fast paths.
 *
 * @param <X> the input type after the transform
 * @param <Y> the target type after the target transform
 */
public final class MnistDataset<X, Y> implements Dataset<Sample<X, Y>> {
    private final MnistSpec spec;
    private final boolean train;
    private final Path folder;
    private final byte[] pixels;
    private final long[] labels;
    private final int count;
    private final int rows;
    private final int cols;
    private final Transform<? super Tensor, ? extends X> transform;
    private final Transform<? super Long, ? extends Y> targetTransform;

    private MnistDataset(Builder<X, Y> b, Path folder, IdxArray images, IdxArray labelFile, Path labelPath) {
        this.spec = b.spec;
        this.train = b.train;
        this.folder = folder;
        this.transform = b.transform;
        this.targetTransform = b.targetTransform;
        this.count = images.dim(0);
        this.rows = images.dim(1);
        this.cols = images.dim(2);
        this.pixels = images.data();
        if (labelFile.dim(0) != count) {
            throw new UncheckedIOException(new IOException(spec.name() + ": " + count + " images but " + labelFile.dim(0)
                    + " labels in " + labelPath + "; the two files of a split must have the same count"));
        }
        byte[] raw = labelFile.data();
        this.labels = new long[count];
        for (int i = 0; i < count; i++) {
            int y = raw[i] & 0xff;
            if (y >= spec.classes().size()) {
                throw new UncheckedIOException(new IOException(labelPath + ": label " + y + " at index " + i
                        + " is not a class of " + spec.name() + " (valid: 0.." + (spec.classes().size() - 1) + ")"));
            }
            labels[i] = y;
        }
    }

    static Builder<Tensor, Long> builder(MnistSpec spec) { return new Builder<>(spec, null, null); }

    @Override
    public int size() { return count; }

    @Override
    @SuppressWarnings("unchecked")
    public Sample<X, Y> get(int index) {
        Dataset.checkIndex(spec.name(), index, count);
        int n = rows * cols;
        byte[] img = Arrays.copyOfRange(pixels, index * n, (index + 1) * n);
        Tensor image = Tensor.wrap(MemorySegment.ofArray(img), DType.UINT8, rows, cols);
        Long label = labels[index];
        X x = transform == null ? (X) image : transform.apply(image);
        Y y = targetTransform == null ? (Y) label : targetTransform.apply(label);
        return new Sample<>(x, y);
    }

    /** The label of sample {@code index}, without transforms. */
    public int label(int index) { return (int) labels[Dataset.checkIndex(spec.name(), index, count)]; }

    /**
     * All images as one uint8 tensor {@code [N, rows, cols]} sharing the dataset's buffer (as torchvision's
     * {@code .data}): writing into it changes the dataset. Transforms are not applied.
     */
    public Tensor images() { return Tensor.wrap(MemorySegment.ofArray(pixels), DType.UINT8, count, rows, cols); }

    /** All labels as one int64 tensor {@code [N]} sharing the dataset's labels (as torchvision's {@code .targets}). */
    public Tensor labels() { return Tensor.wrap(MemorySegment.ofArray(labels), DType.INT64, count); }

    /** The class names by label. */
    public List<String> classes() { return spec.classes(); }

    /** The dataset's name ({@code "FashionMNIST"}). */
    public String name() { return spec.name(); }

    /** Whether this is the training split. */
    public boolean isTrain() { return train; }

    /** The folder the files were read from. */
    public Path folder() { return folder; }

    /** Image height in pixels. */
    public int rows() { return rows; }

    /** Image width in pixels. */
    public int cols() { return cols; }

    @Override
    public String toString() {
        // torchvision's VisionDataset repr, StandardTransform lines included
        String s = "Dataset " + spec.name() + "\n    Number of datapoints: " + count + "\n    Root location: " + folder
                + "\n    Split: " + (train ? "Train" : "Test");
        if (transform != null || targetTransform != null) s += "\n    StandardTransform";
        if (transform != null) s += "\nTransform: " + transform;
        if (targetTransform != null) s += "\nTarget transform: " + targetTransform;
        return s;
    }

    /**
     * Configures an MNIST-format dataset: root, split, download, transforms.
     *
     * @param <X> the input type after the transform
     * @param <Y> the target type after the target transform
     */
    public static final class Builder<X, Y> {
        private final MnistSpec spec;
        private Path root;
        private boolean train = true;
        private boolean download;
        private URI mirror;
        private final Transform<? super Tensor, ? extends X> transform;
        private final Transform<? super Long, ? extends Y> targetTransform;

        private Builder(MnistSpec spec, Transform<? super Tensor, ? extends X> transform,
                        Transform<? super Long, ? extends Y> targetTransform) {
            this.spec = spec;
            this.transform = transform;
            this.targetTransform = targetTransform;
        }

        private <A, B> Builder<A, B> copy(Transform<? super Tensor, ? extends A> t, Transform<? super Long, ? extends B> tt) {
            Builder<A, B> b = new Builder<>(spec, t, tt);
            b.root = root;
            b.train = train;
            b.download = download;
            b.mirror = mirror;
            return b;
        }

        /**
         * The folder holding the IDX files, raw or {@code .gz} (also found in torchvision's layout
         * {@code root/FashionMNIST/raw}); {@code null} searches the default folders.
         */
        public Builder<X, Y> root(Path root) {
            this.root = root;
            return this;
        }

        /** {@link #root(Path)} from a string. */
        public Builder<X, Y> root(String root) { return root(root == null ? null : Path.of(root)); }

        /** The training split ({@code true}, default: 60,000 images) or the test split (10,000). */
        public Builder<X, Y> train(boolean train) {
            this.train = train;
            return this;
        }

        /**
         * Whether to download the split's files when they are not found (default false). Files come from the
         * canonical location, are checked against their MD5s and are written atomically into the root (or
         * {@code ~/.cache/kiln/datasets/NAME} without one).
         */
        public Builder<X, Y> download(boolean download) {
            this.download = download;
            return this;
        }

        /** Downloads from {@code baseUrl} (ending in {@code /}) instead of the canonical location; MD5s still apply. */
        public Builder<X, Y> mirror(URI baseUrl) {
            this.mirror = baseUrl;
            return this;
        }

        /** The transform applied to each uint8 H×W image ({@code transform=}). */
        public <A> Builder<A, Y> transform(Transform<? super Tensor, ? extends A> transform) {
            return copy(Objects.requireNonNull(transform, "transform"), targetTransform);
        }

        /** The transform applied to each {@code Long} label ({@code target_transform=}). */
        public <B> Builder<X, B> targetTransform(Transform<? super Long, ? extends B> targetTransform) {
            return copy(transform, Objects.requireNonNull(targetTransform, "targetTransform"));
        }

        /**
         * Finds (or downloads) and reads the split's two files.
         *
         * @return the dataset
         * @throws DatasetNotFoundException when the files are not found and cannot be downloaded; the
         *                                  message says how to get them
         * @throws UncheckedIOException     when a file is unreadable or malformed (cause:
         *                                  {@link IdxFormatException} naming the file and field)
         */
        public MnistDataset<X, Y> build() {
            String imagesName = train ? MnistSpec.TRAIN_IMAGES : MnistSpec.TEST_IMAGES;
            String labelsName = train ? MnistSpec.TRAIN_LABELS : MnistSpec.TEST_LABELS;
            List<Path> folders = new ArrayList<>();
            if (root != null) {
                folders.add(root);
                folders.add(root.resolve(spec.name()).resolve("raw"));
            } else {
                folders.addAll(spec.defaultRoots());
            }
            for (Path f : folders) {
                Path img = find(f, imagesName);
                Path lab = find(f, labelsName);
                if (img != null && lab != null) return read(f, img, lab);
            }
            Path target = root != null ? root : spec.cacheRoot();
            IOException failure = null;
            if (download) {
                URI base = mirror != null ? mirror : spec.mirror();
                boolean existed = Files.isDirectory(target);
                try {
                    for (String name : List.of(imagesName, labelsName)) {
                        String file = name + ".gz";
                        Path dest = target.resolve(file);
                        if (!Files.exists(dest)) Downloads.fetch(base.resolve(file), dest, spec.md5().get(file));
                    }
                    return read(target, target.resolve(imagesName + ".gz"), target.resolve(labelsName + ".gz"));
                } catch (IOException e) {
                    failure = e;
                    if (!existed) removeIfEmpty(target); // a failed download leaves no trace
                }
            }
            throw new DatasetNotFoundException(notFound(folders, imagesName, labelsName, target, failure), failure);
        }

        private String notFound(List<Path> folders, String imagesName, String labelsName, Path target, IOException failure) {
            String split = train ? "training" : "test";
            StringBuilder sb = new StringBuilder(spec.name() + ": the " + split + " files " + imagesName + "[.gz] and "
                    + labelsName + "[.gz] are not in " + folders + ".");
            if (failure != null) {
                sb.append(" The download to ").append(target).append(" failed: ").append(describe(failure)).append('.');
            }
            sb.append(" To get them: ");
            if (!spec.install().isEmpty()) sb.append(spec.install()).append("; or ");
            sb.append("pass a folder that holds them (--data DIR, or .root(DIR)); or, when online, allow a download"
                    + " (.download(true), from ").append(mirror != null ? mirror : spec.mirror()).append(").");
            return sb.toString();
        }

        /** An exception and its causes in one line; an unresolved host says it looks offline. */
        private static String describe(Throwable e) {
            StringBuilder sb = new StringBuilder();
            for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
                if (!sb.isEmpty()) sb.append(" <- ");
                sb.append(t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName());
                if (t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
                    sb.append(" (the host name did not resolve: offline?)");
                }
            }
            return sb.toString();
        }

        private static void removeIfEmpty(Path dir) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isEmpty()) Files.delete(dir);
            } catch (IOException ignored) {
                // best effort: it was only an empty folder
            }
        }

        private static Path find(Path folder, String name) {
            Path gz = folder.resolve(name + ".gz");
            if (Files.isRegularFile(gz)) return gz;
            Path raw = folder.resolve(name);
            return Files.isRegularFile(raw) ? raw : null;
        }

        private MnistDataset<X, Y> read(Path folder, Path imagesPath, Path labelsPath) {
            try {
                IdxArray labelFile = Idx.read(labelsPath, IdxType.UBYTE, 1); // the small file first
                IdxArray images = Idx.read(imagesPath, IdxType.UBYTE, 3);
                return new MnistDataset<>(this, folder, images, labelFile, labelsPath);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
    }
}
