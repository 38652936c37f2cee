package dev.kiln.data.datasets;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.data.Dataset;
import dev.kiln.data.Sample;
import dev.kiln.data.Transform;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The tutorial's {@code CustomImageDataset}: an annotations CSV whose rows are {@code file name, label}
 * and a folder of images (PNG, JPEG, or anything else {@code javax.imageio} reads). Sample {@code i}
 * reads row {@code i}'s image as {@code torchvision.io.read_image} does: a uint8 tensor C×H×W, with
 * C = 1 for grayscale, 3 for colour and 4 for colour with alpha; the label is a {@code Long}. The
 * transforms then apply.
 *
 * <p>The CSV may start with a header row: a first row whose label is not an integer is skipped (the
 * tutorial's file has none, while pandas would take its first row for one). Fields may be quoted;
 * whitespace around them is ignored. The CSV is read once, when the dataset is built; images are read
 * at each {@code get}, so several workers read them in parallel.
 *
 * @param <X> the input type after the transform
 * @param <Y> the target type after the target transform
 */
public final class ImageCsvDataset<X, Y> implements Dataset<Sample<X, Y>> {
    private final Path annotations;
    private final Path imgDir;
    private final List<String> files;
    private final long[] labels;
    private final Transform<? super Tensor, ? extends X> transform;
    private final Transform<? super Long, ? extends Y> targetTransform;

    private ImageCsvDataset(Path annotations, Path imgDir, Transform<? super Tensor, ? extends X> transform,
                            Transform<? super Long, ? extends Y> targetTransform) {
        this.annotations = annotations;
        this.imgDir = imgDir;
        this.transform = transform;
        this.targetTransform = targetTransform;
        List<String> names = new ArrayList<>();
        List<Long> ys = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(annotations, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("ImageCsvDataset: cannot read the annotations file " + annotations + ": " + e, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            List<String> fields = splitCsv(line);
            if (fields.size() < 2) {
                throw new IllegalArgumentException("ImageCsvDataset: " + annotations + " line " + (i + 1)
                        + " has " + fields.size() + " field(s), expected 'file name, label': " + line);
            }
            long y;
            try {
                y = Long.parseLong(fields.get(1));
            } catch (NumberFormatException e) {
                if (names.isEmpty() && i == firstNonBlank(lines)) continue; // a header row
                throw new IllegalArgumentException("ImageCsvDataset: " + annotations + " line " + (i + 1)
                        + ": label '" + fields.get(1) + "' is not an integer", e);
            }
            names.add(fields.get(0));
            ys.add(y);
        }
        this.files = List.copyOf(names);
        this.labels = ys.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * A dataset without transforms: inputs are uint8 C×H×W tensors, targets {@code Long}s.
     *
     * @param annotationsFile the CSV of {@code file name, label} rows
     * @param imgDir          the folder the file names are relative to
     * @return the dataset
     * @throws UncheckedIOException     when the CSV cannot be read
     * @throws IllegalArgumentException when a row is malformed (naming the line)
     */
    public static ImageCsvDataset<Tensor, Long> of(Path annotationsFile, Path imgDir) {
        return new ImageCsvDataset<>(annotationsFile, imgDir, null, null);
    }

    /**
     * A dataset with transforms ({@code CustomImageDataset(annotations_file, img_dir, transform, target_transform)}).
     *
     * @param annotationsFile the CSV of {@code file name, label} rows
     * @param imgDir          the folder the file names are relative to
     * @param transform       applied to each image tensor, or {@code null}
     * @param targetTransform applied to each label, or {@code null}
     * @param <X>             the input type after the transform
     * @param <Y>             the target type after the target transform
     * @return the dataset
     */
    public static <X, Y> ImageCsvDataset<X, Y> of(Path annotationsFile, Path imgDir,
                                                  Transform<? super Tensor, ? extends X> transform,
                                                  Transform<? super Long, ? extends Y> targetTransform) {
        return new ImageCsvDataset<>(Objects.requireNonNull(annotationsFile, "annotationsFile"),
                Objects.requireNonNull(imgDir, "imgDir"), transform, targetTransform);
    }

    @Override
    public int size() { return files.size(); }

    @Override
    @SuppressWarnings("unchecked")
    public Sample<X, Y> get(int index) {
        Dataset.checkIndex("ImageCsvDataset", index, files.size());
        Path path = imgDir.resolve(files.get(index));
        Tensor image = readImage(path);
        Long label = labels[index];
        X x = transform == null ? (X) image : transform.apply(image);
        Y y = targetTransform == null ? (Y) label : targetTransform.apply(label);
        return new Sample<>(x, y);
    }

    /** The image file of sample {@code index}. */
    public Path file(int index) { return imgDir.resolve(files.get(Dataset.checkIndex("ImageCsvDataset", index, files.size()))); }

    /** The label of sample {@code index}, without the target transform. */
    public long label(int index) { return labels[Dataset.checkIndex("ImageCsvDataset", index, files.size())]; }

    /** The annotations file. */
    public Path annotations() { return annotations; }

    /**
     * Reads an image file as {@code torchvision.io.read_image}: uint8 C×H×W, C = 1 (gray), 3 (RGB) or
     * 4 (RGB with alpha).
     *
     * @param path a PNG, JPEG, BMP or GIF file
     * @return the image tensor
     * @throws UncheckedIOException when the file is missing, unreadable or not an image
     */
    public static Tensor readImage(Path path) {
        BufferedImage img;
        try {
            img = ImageIO.read(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("ImageCsvDataset: cannot read image " + path + ": " + e.getMessage(), e);
        }
        if (img == null) {
            throw new UncheckedIOException(new IOException("ImageCsvDataset: " + path
                    + " is not an image format javax.imageio reads (PNG, JPEG, BMP, GIF)"));
        }
        int w = img.getWidth();
        int h = img.getHeight();
        Raster raster = img.getRaster();
        boolean gray = img.getColorModel().getNumComponents() == 1 && raster.getNumBands() == 1;
        if (gray) {
            int bits = img.getColorModel().getComponentSize(0);
            int[] px = raster.getSamples(0, 0, w, h, 0, (int[]) null);
            byte[] out = new byte[w * h];
            int shift = Math.max(0, bits - 8); // 16-bit gray: keep the high byte
            for (int i = 0; i < out.length; i++) out[i] = (byte) (px[i] >>> shift);
            return Tensor.wrap(MemorySegment.ofArray(out), DType.UINT8, 1, h, w);
        }
        boolean alpha = img.getColorModel().hasAlpha();
        int c = alpha ? 4 : 3;
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] out = new byte[c * w * h];
        int plane = w * h;
        for (int i = 0; i < plane; i++) {
            int p = argb[i];
            out[i] = (byte) (p >>> 16);
            out[plane + i] = (byte) (p >>> 8);
            out[2 * plane + i] = (byte) p;
            if (alpha) out[3 * plane + i] = (byte) (p >>> 24);
        }
        return Tensor.wrap(MemorySegment.ofArray(out), DType.UINT8, c, h, w);
    }

    private static int firstNonBlank(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) if (!lines.get(i).isBlank()) return i;
        return -1;
    }

    /** Splits one CSV line: commas separate, double quotes quote (a doubled quote is a quote). */
    static List<String> splitCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"' && cur.toString().isBlank()) {
                cur.setLength(0);
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString().strip());
        return out;
    }

    @Override
    public String toString() {
        return "ImageCsvDataset(" + files.size() + " images, annotations " + annotations + ", images in " + imgDir + ")";
    }
}
