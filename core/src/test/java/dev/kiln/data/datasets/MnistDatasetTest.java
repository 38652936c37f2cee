package dev.kiln.data.datasets;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.data.Batch;
import dev.kiln.data.DataLoader;
import dev.kiln.data.Sample;
import dev.kiln.data.idx.Idx;
import dev.kiln.data.idx.IdxArray;
import dev.kiln.data.idx.IdxFormatException;
import dev.kiln.data.idx.IdxType;
import dev.kiln.data.transforms.Lambda;
import dev.kiln.data.transforms.ToTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MnistDatasetTest {
    @TempDir
    Path dir;

    @Test
    void readsGzipFilesFromTheRoot() throws IOException {
        MnistFiles.write(dir, true, 12, true);
        var ds = FashionMnist.builder().root(dir).train(true).build();
        assertEquals(12, ds.size());
        Sample<Tensor, Long> s = ds.get(5);
        assertEquals(DType.UINT8, s.input().dtype());
        assertArrayEquals(new int[] {28, 28}, s.input().shape());
        assertEquals(5L, s.target());
        long[] px = s.input().toLongArray();
        for (int p = 0; p < 784; p += 97) assertEquals(MnistFiles.pixel(5, p) & 0xff, px[p], "pixel " + p);
        assertArrayEquals(new int[] {12, 28, 28}, ds.images().shape());
        assertEquals(DType.INT64, ds.labels().dtype());
        assertEquals(11 % 10, ds.labels().toLongArray()[11]);
        assertEquals("Ankle boot", ds.classes().get(9));
        assertEquals(dir, ds.folder());
    }

    @Test
    void readsRawFilesAndTorchvisionsLayoutAndTheTestSplit() throws IOException {
        Path raw = dir.resolve("FashionMNIST").resolve("raw");
        Files.createDirectories(raw);
        MnistFiles.write(raw, false, 7, false);
        var test = FashionMnist.builder().root(dir).train(false).build();
        assertEquals(7, test.size());
        assertEquals(raw, test.folder());
        assertEquals(3L, test.get(3).target());
    }

    @Test
    void getGivesAFreshTensor() throws IOException {
        MnistFiles.write(dir, true, 3, true);
        var ds = Mnist.builder().root(dir).build();
        ds.get(1).input().fill_(0);
        assertEquals(MnistFiles.pixel(1, 100) & 0xff, ds.get(1).input().toLongArray()[100], "the dataset is unchanged");
    }

    @Test
    void transformsApplyAndBatchThroughALoader() throws IOException {
        MnistFiles.write(dir, true, 10, true);
        var ds = FashionMnist.builder().root(dir)
                .transform(new ToTensor())
                .targetTransform(new Lambda<Long, Tensor>(y -> Tensor.zeros(10).scatter_(0, Tensor.of(new long[] {y}), 1)))
                .build();
        Sample<Tensor, Tensor> s = ds.get(2);
        assertArrayEquals(new int[] {1, 28, 28}, s.input().shape());
        assertEquals((MnistFiles.pixel(2, 0) & 0xff) / 255f, s.input().toFloatArray()[0], 0f);
        assertEquals(1f, s.target().toFloatArray()[2]);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (var loader = DataLoader.builder(ds).batchSize(4).workers(2).build()) {
                int batches = 0;
                for (Batch b : loader) {
                    assertEquals(DType.FLOAT32, b.input().dtype());
                    assertEquals(b.size(), b.target().size(0));
                    assertArrayEquals(new int[] {b.size(), 10}, b.target().shape());
                    batches++;
                }
                assertEquals(3, batches);
            }
        });
    }

    @Test
    void countMismatchAndBadLabelsAreNamed() throws IOException {
        MnistFiles.write(dir, true, 5, true);
        Idx.write(dir.resolve("train-labels-idx1-ubyte.gz"), new IdxArray(IdxType.UBYTE, new int[] {4}, new byte[4]), true);
        var e = assertThrows(UncheckedIOException.class, () -> FashionMnist.builder().root(dir).build());
        assertTrue(e.getMessage().contains("5 images but 4 labels"), e.getMessage());
        Idx.write(dir.resolve("train-labels-idx1-ubyte.gz"),
                new IdxArray(IdxType.UBYTE, new int[] {5}, new byte[] {0, 1, 12, 3, 4}), true);
        var l = assertThrows(UncheckedIOException.class, () -> FashionMnist.builder().root(dir).build());
        assertTrue(l.getMessage().contains("label 12 at index 2"), l.getMessage());
    }

    @Test
    void aCorruptFileNamesTheFileAndField() throws IOException {
        MnistFiles.write(dir, true, 5, false);
        Path images = dir.resolve("train-images-idx3-ubyte");
        byte[] b = Files.readAllBytes(images);
        b[3] = 2; // rank 2
        Files.write(images, b);
        var e = assertThrows(UncheckedIOException.class, () -> FashionMnist.builder().root(dir).build());
        assertInstanceOf(IdxFormatException.class, e.getCause());
        assertTrue(e.getMessage().contains(images.toString()) && e.getMessage().contains("rank 2"), e.getMessage());
    }

    @Test
    void offlineWithoutFilesSaysHowToGetThem() {
        var e = assertThrows(DatasetNotFoundException.class, () -> FashionMnist.builder().root(dir).build());
        String m = e.getMessage();
        assertTrue(m.contains("train-images-idx3-ubyte[.gz]") && m.contains(dir.toString()), m);
        assertTrue(m.contains("apt-get install dataset-fashion-mnist"), m);
        assertTrue(m.contains("--data DIR") && m.contains(".download(true)"), m);
        assertTrue(m.contains("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"), m);
    }

    @Test
    void aFailedDownloadSaysWhyAndHowToGetTheFiles() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        URI mirror = URI.create("http://127.0.0.1:" + port + "/");
        var e = assertThrows(DatasetNotFoundException.class,
                () -> Mnist.builder().root(dir).download(true).mirror(mirror).build());
        assertTrue(e.getMessage().contains("download to " + dir + " failed: ConnectException"), e.getMessage());
        Path fresh = dir.resolve("new-root");
        var u = assertThrows(DatasetNotFoundException.class, () -> Mnist.builder().root(fresh).download(true)
                .mirror(URI.create("http://no-such-host.invalid/")).build());
        assertTrue(u.getMessage().contains("(the host name did not resolve: offline?)"), u.getMessage());
        assertTrue(!Files.exists(fresh), "the folder a failed download created is removed again");
        assertTrue(e.getMessage().contains("--data DIR"), e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "a failed download leaves nothing behind");
        }
    }

    @Test
    void aDownloadWithTheWrongChecksumIsRefusedAndLeavesNothing() throws IOException {
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = "not the canonical file".getBytes();
        server.createContext("/", ex -> {
            ex.sendResponseHeaders(200, body.length);
            try (var out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            URI mirror = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            var e = assertThrows(DatasetNotFoundException.class,
                    () -> FashionMnist.builder().root(dir).train(false).download(true).mirror(mirror).build());
            assertTrue(e.getMessage().contains("checksum mismatch") && e.getMessage().contains("t10k-images-idx3-ubyte.gz")
                    && e.getMessage().contains("bef4ecab320f06d8554ea6380940ec79"), e.getMessage());
            try (var files = Files.list(dir)) {
                assertEquals(0, files.count(), "nothing written");
            }
            // the right checksum: the file appears under its name, atomically
            String md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(body));
            Downloads.fetch(mirror.resolve("x.gz"), dir.resolve("x.gz"), md5);
            assertArrayEquals(body, Files.readAllBytes(dir.resolve("x.gz")));
            try (var files = Files.list(dir)) {
                assertEquals(1, files.count(), "no temporary file left");
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void factoriesCheckTheirArguments() throws IOException {
        MnistFiles.write(dir, false, 4, true);
        var ds = new FashionMnistFactory().create(java.util.Map.of("root", dir.toString(), "train", false));
        assertEquals(4, ds.size());
        var unknown = assertThrows(IllegalArgumentException.class,
                () -> new MnistFactory().create(java.util.Map.of("roots", "x")));
        assertTrue(unknown.getMessage().contains("MNIST: unknown argument 'roots'") && unknown.getMessage().contains("root (string)"),
                unknown.getMessage());
        var typed = assertThrows(IllegalArgumentException.class,
                () -> new FashionMnistFactory().create(java.util.Map.of("train", "yes")));
        assertTrue(typed.getMessage().contains("'train' must be a boolean"), typed.getMessage());
    }

    @Test
    void factoriesAreListedInTheExtensionIndex() throws IOException {
        StringBuilder all = new StringBuilder();
        var urls = getClass().getClassLoader().getResources("META-INF/extensions.idx");
        while (urls.hasMoreElements()) {
            try (var in = urls.nextElement().openStream()) {
                all.append(new String(in.readAllBytes()));
            }
        }
        String idx = all.toString();
        assertTrue(idx.contains(FashionMnistFactory.class.getName()) && idx.contains(MnistFactory.class.getName()), idx);
    }
}
