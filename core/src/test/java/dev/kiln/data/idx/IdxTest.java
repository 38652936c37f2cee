package dev.kiln.data.idx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxTest {
    @TempDir
    Path dir;

    private static byte[] header(int type, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        return b.array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(raw);
        }
        return bos.toByteArray();
    }

    private static byte[] pixels(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) p[i] = (byte) (i * 7 + 3);
        return p;
    }

    private Path file(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private IdxFormatException fails(Path p, IdxType type, int rank) {
        return assertThrows(IdxFormatException.class, () -> Idx.read(p, type, rank));
    }

    @Test
    void readsRawAndGzipAlike() throws IOException {
        byte[] data = pixels(3 * 4 * 5);
        byte[] raw = concat(header(0x08, 3, 4, 5), data);
        for (Path p : new Path[] {file("raw-idx3-ubyte", raw), file("gz-idx3-ubyte.gz", gzip(raw)),
                file("gz-without-suffix", gzip(raw))}) {
            IdxArray a = Idx.read(p, IdxType.UBYTE, 3);
            assertEquals(IdxType.UBYTE, a.type(), p.toString());
            assertArrayEquals(new int[] {3, 4, 5}, a.dims());
            assertArrayEquals(data, a.data());
        }
    }

    @Test
    void writeThenReadRoundTrips() throws IOException {
        IdxArray a = new IdxArray(IdxType.UBYTE, new int[] {2, 3}, pixels(6));
        for (boolean gz : new boolean[] {false, true}) {
            Path p = dir.resolve("rt" + gz);
            Idx.write(p, a, gz);
            IdxArray b = Idx.read(p);
            assertArrayEquals(a.dims(), b.dims());
            assertArrayEquals(a.data(), b.data());
            try (var files = Files.list(dir)) {
                assertFalse(files.anyMatch(f -> f.toString().endsWith(".tmp")), "temporary file left behind");
            }
        }
        // multi-byte types are sized by their element width
        IdxArray ints = new IdxArray(IdxType.INT, new int[] {2}, new byte[8]);
        Idx.write(dir.resolve("ints"), ints, false);
        assertEquals(4 + 4 + 8, Files.size(dir.resolve("ints")));
        assertEquals(IdxType.INT, Idx.read(dir.resolve("ints")).type());
    }

    @Test
    void badMagicIsNamed() throws IOException {
        byte[] raw = concat(header(0x08, 2), pixels(2));
        raw[1] = 0x01;
        IdxFormatException e = fails(file("bad-magic", raw), null, -1);
        assertTrue(e.getMessage().contains("bad-magic") && e.getMessage().contains("bad magic number 0x00010801"),
                e.getMessage());
    }

    @Test
    void unknownTypeCodeIsNamed() throws IOException {
        IdxFormatException e = fails(file("bad-type", concat(header(0x07, 2), pixels(2))), null, -1);
        assertTrue(e.getMessage().contains("unknown data type code 0x07"), e.getMessage());
    }

    @Test
    void unexpectedTypeIsNamed() throws IOException {
        IdxFormatException e = fails(file("float-labels", concat(header(0x0D, 2), new byte[8])), IdxType.UBYTE, 1);
        assertTrue(e.getMessage().contains("data type FLOAT") && e.getMessage().contains("expected UBYTE"), e.getMessage());
    }

    @Test
    void wrongRankIsNamed() throws IOException {
        IdxFormatException e = fails(file("rank2", concat(header(0x08, 4, 4), pixels(16))), IdxType.UBYTE, 3);
        assertTrue(e.getMessage().contains("rank2: rank 2") && e.getMessage().contains("expected 3"), e.getMessage());
    }

    @Test
    void truncatedHeaderIsNamed() throws IOException {
        byte[] h = header(0x08, 10, 28, 28);
        IdxFormatException e = fails(file("short-header", Arrays.copyOf(h, 9)), null, -1);
        assertTrue(e.getMessage().contains("truncated header") && e.getMessage().contains("dimensions"), e.getMessage());
        IdxFormatException g = fails(file("short-header.gz", gzip(Arrays.copyOf(h, 2))), null, -1);
        assertTrue(g.getMessage().contains("truncated header") && g.getMessage().contains("magic"), g.getMessage());
    }

    @Test
    void truncatedDataIsNamedBeforeReading() throws IOException {
        byte[] raw = concat(header(0x08, 10, 28, 28), pixels(10 * 784 - 100));
        IdxFormatException e = fails(file("truncated", raw), IdxType.UBYTE, 3);
        assertTrue(e.getMessage().contains("dims [10, 28, 28] of UBYTE need 7840 data bytes")
                && e.getMessage().contains("the file has 7740") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void trailingBytesAreRefused() throws IOException {
        byte[] raw = concat(header(0x08, 2, 2), pixels(5));
        IdxFormatException e = fails(file("long", raw), null, -1);
        assertTrue(e.getMessage().contains("trailing bytes"), e.getMessage());
    }

    @Test
    void gzipWhoseTrailerDisagreesWithDimsFailsBeforeAllocating() throws IOException {
        // header claims 1000 images, the stream holds 10
        byte[] raw = concat(header(0x08, 1000, 28, 28), pixels(10 * 784));
        IdxFormatException e = fails(file("lying.gz", gzip(raw)), IdxType.UBYTE, 3);
        assertTrue(e.getMessage().contains("lying.gz") && e.getMessage().contains("need 784016 uncompressed bytes")
                && e.getMessage().contains("gzip trailer says 7856"), e.getMessage());
    }

    @Test
    void cutGzipFileFails() throws IOException {
        byte[] gz = gzip(concat(header(0x08, 50, 28, 28), pixels(50 * 784)));
        IdxFormatException e = fails(file("cut.gz", Arrays.copyOf(gz, gz.length / 2)), IdxType.UBYTE, 3);
        assertTrue(e.getMessage().startsWith(dir.resolve("cut.gz") + ":"), e.getMessage());
    }

    @Test
    void hugeDimsFailWithoutAllocating() throws IOException {
        // 2^31-1 * 2^31-1 bytes: beyond any buffer; tiny file
        IdxFormatException e = fails(file("huge", header(0x08, Integer.MAX_VALUE, Integer.MAX_VALUE)), null, -1);
        assertTrue(e.getMessage().contains("more than one buffer can hold"), e.getMessage());
        // a dimension above 2^31-1 (unsigned) is refused as such
        IdxFormatException neg = fails(file("negative", header(0x08, -5)), null, -1);
        assertTrue(neg.getMessage().contains("dimension 0 is 4294967291"), neg.getMessage());
        // 1.5 GB claimed by a 16-byte file: refused by the size check, not by an OutOfMemoryError
        IdxFormatException big = fails(file("big", header(0x08, 2_000_000, 28, 28)), IdxType.UBYTE, 3);
        assertTrue(big.getMessage().contains("need 1568000000 data bytes"), big.getMessage());
        IdxFormatException bigGz = fails(file("big.gz", gzip(header(0x08, 2_000_000, 28, 28))), IdxType.UBYTE, 3);
        assertTrue(bigGz.getMessage().contains("gzip trailer says 16"), bigGz.getMessage());
    }

    @Test
    void rankZeroIsRefused() throws IOException {
        IdxFormatException e = fails(file("rank0", header(0x08)), null, -1);
        assertTrue(e.getMessage().contains("rank 0"), e.getMessage());
    }
}
