package dev.kiln.data.datasets;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What distinguishes one MNIST-format dataset from another: its names, class names, where it is
 * looked for, how to install it, and where and with which checksums it downloads.
 *
 * @param name         torchvision's class name and the factory name ({@code "FashionMNIST"})
 * @param defaultRoots folders searched when no root is given, in order
 * @param cacheRoot    where {@code download(true)} writes when no root is given
 * @param install      how to install the files on this kind of machine (a sentence), or empty
 * @param mirror       the base URL the four canonical files are fetched from
 * @param md5          the canonical gzip files' MD5s by file name
 * @param classes      the class names by label
 */
record MnistSpec(String name, List<Path> defaultRoots, Path cacheRoot, String install, URI mirror,
                 Map<String, String> md5, List<String> classes) {

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    static Path userCache(String name) {
        return Path.of(System.getProperty("user.home"), ".cache", "kiln", "datasets", name);
    }
}
