package dev.kiln.core.io;

import dev.kiln.DType;
import dev.kiln.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * NumPy's {@code .npy} format, so arrays move between Kiln and NumPy ({@code np.save} /
 * {@code np.load}).
 *
 * <p>Reading accepts format versions 1.0, 2.0 and 3.0, the dtypes {@code <f2 <f4 <f8 |i1 |u1 <i2
 * <i4 <i8 |b1} and their big-endian variants, in C order, or in Fortran order (returned as a
 * permuted, non-contiguous view, as {@code torch.from_numpy} does). The header is validated fully
 * before anything is allocated: magic, version, a sane header length, the dict's keys and values,
 * non-negative dims, and (for files) a data size that matches the file exactly. A truncated or
 * hostile file fails with an {@link NpyFormatException} naming the path and the problem.
 *
 * <p>Writing produces what {@code np.save} writes (version 1.0, or 2.0 for a header over 64 KiB;
 * little-endian; C order), byte for byte, and is
 * atomic for paths: the file appears complete or not at all.
 */
public final class Npy {
    private Npy() {}

    /** Elements converted per chunk when writing, bounding the temporary Java arrays. */
    private static final long WRITE_CHUNK_ELEMENTS = 1 << 22;
    /** Bytes encoded per write call. */
    private static final int WRITE_BUFFER_BYTES = 1 << 16;
    /** First buffer size when reading a stream whose length is unknown. */
    private static final long STREAM_INITIAL_BYTES = 1 << 20;

    // ------------------------------------------------------------------ reading

    /** Reads a {@code .npy} file into a new tensor. */
    public static Tensor read(Path path) throws IOException {
        String source = path.toString();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            NpyHeader header = NpyHeader.read(ch, source, size);
            long remaining = size - header.dataOffset();
            long needed = header.dataBytes();
            if (remaining != needed) {
                throw new NpyFormatException(source, (remaining < needed ? "truncated: " : "trailing bytes: ")
                        + "shape " + header.shapeText() + " of " + NpyDescr.forWriting(header.descr().dtype())
                        + " needs " + needed + " data bytes but the file has " + remaining + " after its header");
            }
            MemorySegment data = Arena.ofAuto().allocate(needed, 8);
            readInto(ch, data, 0, needed, source, needed);
            return toTensor(header, data);
        }
    }

    /**
     * Reads one {@code .npy} array from a stream, leaving it after the array's last byte.
     * Memory grows with the bytes that actually arrive, so a header that lies about its shape
     * cannot force a large allocation.
     *
     * @param source a name for messages (a file name or URL)
     */
    public static Tensor read(InputStream in, String source) throws IOException {
        ReadableByteChannel ch = Channels.newChannel(in);
        NpyHeader header = NpyHeader.read(ch, source, -1);
        long needed = header.dataBytes();
        MemorySegment data = Arena.ofAuto().allocate(Math.min(needed, STREAM_INITIAL_BYTES), 8);
        long filled = 0;
        while (filled < needed) {
            if (filled == data.byteSize()) {
                MemorySegment bigger = Arena.ofAuto().allocate(Math.min(needed, Math.max(1, data.byteSize()) * 2), 8);
                bigger.copyFrom(data);
                data = bigger;
            }
            filled = readInto(ch, data, filled, data.byteSize(), source, needed);
        }
        return toTensor(header, data);
    }

    /** Reads up to {@code end} of {@code data} from {@code from}; returns the new fill level. */
    private static long readInto(ReadableByteChannel ch, MemorySegment data, long from, long end,
                                 String source, long needed) throws IOException {
        long pos = from;
        while (pos < end) {
            long n = Math.min(end - pos, Integer.MAX_VALUE - 8);
            ByteBuffer buf = data.asSlice(pos, n).asByteBuffer();
            while (buf.hasRemaining()) {
                int r = ch.read(buf);
                if (r < 0) {
                    throw new NpyFormatException(source, "truncated: the data ends after "
                            + (pos + buf.position()) + " of " + needed + " bytes");
                }
            }
            pos += n;
        }
        return pos;
    }

    private static Tensor toTensor(NpyHeader header, MemorySegment data) {
        DType dtype = header.descr().dtype();
        if (header.descr().order() != ByteOrder.LITTLE_ENDIAN) swapBytes(data, dtype.byteSize());
        if (dtype == DType.BOOL) {
            for (long i = 0; i < data.byteSize(); i++) {
                if (data.get(ValueLayout.JAVA_BYTE, i) != 0) data.set(ValueLayout.JAVA_BYTE, i, (byte) 1);
            }
        }
        int[] shape = header.shape();
        if (!header.fortranOrder() || shape.length < 2) return Tensor.wrap(data, dtype, shape);
        // column-major data is the row-major array of the reversed shape, viewed with the dims reversed
        int n = shape.length;
        int[] reversed = new int[n];
        int[] dims = new int[n];
        for (int i = 0; i < n; i++) {
            reversed[i] = shape[n - 1 - i];
            dims[i] = n - 1 - i;
        }
        return Tensor.wrap(data, dtype, reversed).permute(dims);
    }

    private static void swapBytes(MemorySegment data, int itemSize) {
        long n = data.byteSize() / itemSize;
        switch (itemSize) {
            case 2 -> {
                for (long i = 0; i < n; i++) {
                    long off = i * 2;
                    data.set(ValueLayout.JAVA_SHORT_UNALIGNED, off, Short.reverseBytes(data.get(ValueLayout.JAVA_SHORT_UNALIGNED, off)));
                }
            }
            case 4 -> {
                for (long i = 0; i < n; i++) {
                    long off = i * 4;
                    data.set(ValueLayout.JAVA_INT_UNALIGNED, off, Integer.reverseBytes(data.get(ValueLayout.JAVA_INT_UNALIGNED, off)));
                }
            }
            case 8 -> {
                for (long i = 0; i < n; i++) {
                    long off = i * 8;
                    data.set(ValueLayout.JAVA_LONG_UNALIGNED, off, Long.reverseBytes(data.get(ValueLayout.JAVA_LONG_UNALIGNED, off)));
                }
            }
            default -> { /* one-byte elements have no byte order */ }
        }
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes {@code t} as a {@code .npy} file, atomically: the data goes to a temporary file in
     * the same directory, which is synced and then renamed over {@code path}.
     *
     * @throws IllegalArgumentException for bfloat16, which NumPy lacks
     */
    public static void write(Tensor t, Path path) throws IOException {
        byte[] header = NpyHeader.encode(t.dtype(), t.shape()); // refuses bfloat16 before touching the disk
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = Channels.newOutputStream(ch);
                out.write(header);
                writeData(t, out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) Files.deleteIfExists(tmp);
        }
    }

    /** Writes {@code t} as {@code .npy} bytes to a stream (not closed). */
    public static void write(Tensor t, OutputStream out) throws IOException {
        out.write(NpyHeader.encode(t.dtype(), t.shape()));
        writeData(t, out);
        out.flush();
    }

    private static void writeData(Tensor t, OutputStream out) throws IOException {
        if (t.numel() == 0) return;
        int[] shape = t.shape();
        if (shape.length == 0 || t.numel() <= WRITE_CHUNK_ELEMENTS) {
            writeElements(t, out);
            return;
        }
        long rowElements = t.numel() / shape[0];
        int rowsPerChunk = (int) Math.max(1, Math.min(shape[0], WRITE_CHUNK_ELEMENTS / Math.max(1, rowElements)));
        for (int start = 0; start < shape[0]; start += rowsPerChunk) {
            writeElements(t.narrow(0, start, Math.min(rowsPerChunk, shape[0] - start)), out);
        }
    }

    /** Converts the elements of {@code t} (row-major) to little-endian bytes, through a bounded buffer. */
    private static void writeElements(Tensor t, OutputStream out) throws IOException {
        DType dtype = t.dtype();
        int size = dtype.byteSize();
        ByteBuffer buf = ByteBuffer.allocate(WRITE_BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        Object values = switch (dtype) {
            case FLOAT32, FLOAT16 -> t.toFloatArray();
            case FLOAT64 -> t.toDoubleArray();
            case INT64 -> t.toLongArray();
            case INT32, INT16, INT8, UINT8 -> t.toIntArray();
            case BOOL -> t.toBooleanArray();
            case BFLOAT16 -> throw new IllegalArgumentException(
                    "Npy.write: NumPy has no bfloat16 dtype; convert first, e.g. t.to(DType.FLOAT32)");
        };
        int n = java.lang.reflect.Array.getLength(values);
        for (int i = 0; i < n; i++) {
            if (buf.remaining() < size) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            switch (dtype) {
                case FLOAT32 -> buf.putFloat(((float[]) values)[i]);
                case FLOAT16 -> buf.putShort(Float.floatToFloat16(((float[]) values)[i]));
                case FLOAT64 -> buf.putDouble(((double[]) values)[i]);
                case INT64 -> buf.putLong(((long[]) values)[i]);
                case INT32 -> buf.putInt(((int[]) values)[i]);
                case INT16 -> buf.putShort((short) ((int[]) values)[i]);
                case INT8, UINT8 -> buf.put((byte) ((int[]) values)[i]);
                case BOOL -> buf.put((byte) (((boolean[]) values)[i] ? 1 : 0));
                case BFLOAT16 -> throw new AssertionError("refused above");
            }
        }
        out.write(buf.array(), 0, buf.position());
    }
}
