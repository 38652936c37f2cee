package dev.kiln.data.idx;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and writes IDX files (the MNIST family's format), raw or gzip-compressed.
 *
 * <p>The header is validated before any data buffer is allocated: the two zero magic bytes, a known
 * type code, the rank, every dimension, and the data size the dimensions imply against what the file
 * holds (its length for a raw file, the gzip trailer's uncompressed size for a gzip file). A file that
 * fails a check throws {@link IdxFormatException} naming the file and the field. Gzip is recognised by
 * its magic bytes, not by the file name.
 */
public final class Idx {
    private Idx() {}

    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;
    /** Largest data a Java array holds. */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    /**
     * Reads an IDX file of any type and rank.
     *
     * @param file a raw or gzip IDX file
     * @return its contents
     * @throws IdxFormatException when the header or the size is wrong
     * @throws IOException        when the file cannot be read
     */
    public static IdxArray read(Path file) throws IOException {
        return read(file, null, -1);
    }

    /**
     * Reads an IDX file that must have {@code type} and {@code rank}.
     *
     * @param file a raw or gzip IDX file
     * @param type the required element type, or {@code null} for any
     * @param rank the required number of dimensions, or {@code -1} for any
     * @return its contents
     * @throws IdxFormatException when the header differs from what is required or the size is wrong
     * @throws IOException        when the file cannot be read
     */
    public static IdxArray read(Path file, IdxType type, int rank) throws IOException {
        String src = file.toString();
        long fileSize = Files.size(file);
        boolean gzip = isGzip(file);
        // the uncompressed length a gzip file declares in its trailer (ISIZE, modulo 2^32)
        long gzipSize = gzip ? gzipTrailerSize(file, fileSize, src) : -1;
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : new BufferedInputStream(raw, 1 << 16)) {
            DataInputStream din = new DataInputStream(in);
            byte[] magic = readHeader(din, 4, src, "magic number");
            if (magic[0] != 0 || magic[1] != 0) {
                throw new IdxFormatException(src, String.format("bad magic number 0x%02x%02x%02x%02x: an IDX file starts"
                                + " with two zero bytes, a type code and a rank (e.g. 0x00000803 for uint8 images)",
                        magic[0] & 0xff, magic[1] & 0xff, magic[2] & 0xff, magic[3] & 0xff));
            }
            IdxType t = IdxType.ofCode(magic[2] & 0xff);
            if (t == null) {
                throw new IdxFormatException(src, String.format("unknown data type code 0x%02x in the magic number;"
                        + " valid: 0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double", magic[2] & 0xff));
            }
            if (type != null && t != type) {
                throw new IdxFormatException(src, "data type " + t + " (code 0x" + Integer.toHexString(t.code())
                        + ") but expected " + type + " (code 0x" + Integer.toHexString(type.code()) + ")");
            }
            int r = magic[3] & 0xff;
            if (rank >= 0 && r != rank) {
                throw new IdxFormatException(src, "rank " + r + " in the magic number but expected " + rank
                        + (rank == 3 ? " (images: count, rows, cols)" : rank == 1 ? " (labels: count)" : ""));
            }
            if (r == 0) throw new IdxFormatException(src, "rank 0 in the magic number; an IDX file has at least one dimension");
            byte[] dimBytes = readHeader(din, 4 * r, src, "dimensions (" + r + " big-endian int32)");
            ByteBuffer bb = ByteBuffer.wrap(dimBytes).order(ByteOrder.BIG_ENDIAN);
            int[] dims = new int[r];
            long bytes = t.byteSize();
            for (int i = 0; i < r; i++) {
                long d = Integer.toUnsignedLong(bb.getInt());
                if (d > Integer.MAX_VALUE) {
                    throw new IdxFormatException(src, "dimension " + i + " is " + d + ", larger than an int can index");
                }
                dims[i] = (int) d;
                bytes = bytes * d;
                if (bytes > MAX_BYTES) {
                    throw new IdxFormatException(src, "dims " + dimsSoFar(dimBytes, i + 1) + " of " + t + " need more than "
                            + MAX_BYTES + " bytes, more than one buffer can hold");
                }
            }
            long headerBytes = 4 + 4L * r;
            long total = headerBytes + bytes;
            if (!gzip && total != fileSize) {
                throw new IdxFormatException(src, "dims " + Arrays.toString(dims) + " of " + t + " need " + bytes
                        + " data bytes after the " + headerBytes + "-byte header but the file has " + (fileSize - headerBytes)
                        + (total > fileSize ? " (truncated file?)" : " (trailing bytes)"));
            }
            if (gzip && (total & 0xffffffffL) != gzipSize) {
                throw new IdxFormatException(src, "dims " + Arrays.toString(dims) + " of " + t + " need " + total
                        + " uncompressed bytes (header and data) but the gzip trailer says " + gzipSize
                        + " (truncated or corrupt file?)");
            }
            byte[] data = new byte[(int) bytes];
            int got = din.readNBytes(data, 0, data.length);
            if (got < data.length) {
                throw new IdxFormatException(src, "truncated: dims " + Arrays.toString(dims) + " need " + bytes
                        + " data bytes but the file ends after " + got);
            }
            if (din.read() >= 0) {
                throw new IdxFormatException(src, "trailing bytes after the " + bytes + " data bytes that dims "
                        + Arrays.toString(dims) + " describe");
            }
            return new IdxArray(t, dims, data);
        } catch (EOFException e) {
            throw new IdxFormatException(src, "truncated: " + e.getMessage());
        } catch (java.util.zip.ZipException e) {
            throw new IdxFormatException(src, "corrupt gzip stream: " + e.getMessage());
        }
    }

    private static String dimsSoFar(byte[] dimBytes, int n) {
        ByteBuffer bb = ByteBuffer.wrap(dimBytes).order(ByteOrder.BIG_ENDIAN);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) sb.append(i > 0 ? ", " : "").append(Integer.toUnsignedLong(bb.getInt()));
        return sb.append(n < dimBytes.length / 4 ? ", ...]" : "]").toString();
    }

    private static byte[] readHeader(DataInputStream in, int n, String src, String field) throws IOException {
        byte[] b = new byte[n];
        int got = in.readNBytes(b, 0, n);
        if (got < n) {
            throw new IdxFormatException(src, "truncated header: the file ends after " + got + " of the " + n
                    + " bytes of its " + field);
        }
        return b;
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == GZIP_MAGIC_0 && in.read() == GZIP_MAGIC_1;
        }
    }

    private static long gzipTrailerSize(Path file, long fileSize, String src) throws IOException {
        if (fileSize < 18) {
            throw new IdxFormatException(src, "truncated gzip file: " + fileSize + " bytes, less than gzip's 18-byte minimum");
        }
        // a byte channel, not a FileChannel, so files inside a jar (zipfs) work too
        try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            ch.position(fileSize - 4);
            while (b.hasRemaining() && ch.read(b) >= 0) { /* read the 4 trailer bytes */ }
            return Integer.toUnsignedLong(b.flip().getInt());
        }
    }

    /**
     * Writes an IDX file atomically (a temporary file in the same folder, then a rename).
     *
     * @param file  the destination
     * @param array what to write
     * @param gzip  whether to gzip-compress it
     * @throws IOException when it cannot be written; the destination is then unchanged
     */
    public static void write(Path file, IdxArray array, boolean gzip) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream raw = Files.newOutputStream(tmp);
                 OutputStream out = gzip ? new GZIPOutputStream(raw, 1 << 16) : new java.io.BufferedOutputStream(raw, 1 << 16)) {
                ByteBuffer h = ByteBuffer.allocate(4 + 4 * array.rank()).order(ByteOrder.BIG_ENDIAN);
                h.put((byte) 0).put((byte) 0).put((byte) array.type().code()).put((byte) array.rank());
                for (int d : array.dims()) h.putInt(d);
                out.write(h.array());
                out.write(array.data());
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
