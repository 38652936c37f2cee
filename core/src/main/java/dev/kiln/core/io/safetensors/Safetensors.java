package dev.kiln.core.io.safetensors;

import dev.kiln.DType;
import dev.kiln.Device;
import dev.kiln.Tensor;
import dev.kiln.core.ops.Conversion;
import dev.kiln.core.runtime.Runtimes;
import dev.kiln.core.tensor.TensorImpl;
import dev.kiln.spi.Backend;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes state dicts in the safetensors format (Hugging Face's: an 8-byte little-endian
 * header length, a JSON header naming each tensor's dtype, shape and byte range, then the bytes),
 * the format PyTorch users exchange weights in. Nothing in the format can execute code.
 *
 * <p>Reading validates the whole header ({@link SafetensorsHeader#parse}) before it allocates or reads
 * any tensor, so a truncated or hostile file fails with a {@link SafetensorsFormatException} naming the
 * file and the entry at fault. Writing is atomic: the bytes go to a temporary file in the target's folder,
 * which is synced and renamed over the target, so the target is either the old file or the complete new one.
 */
public final class Safetensors {
    private Safetensors() {}

    /** Elements copied from a backend per chunk when writing. */
    private static final long CHUNK_BYTES = 1 << 22;

    /** The tensors of a file in data order, and its metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    // ------------------------------------------------------------------ reading

    /** Reads and validates only the header of {@code path}. */
    public static SafetensorsHeader readHeader(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return readHeader(ch, path.toString());
        }
    }

    /**
     * Reads every tensor of {@code path} onto the current runtime's CPU backend, in the order of the
     * data buffer, with the file's metadata.
     */
    public static Contents read(Path path) throws IOException {
        String source = path.toString();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            SafetensorsHeader header = readHeader(ch, source);
            long dataStart = ch.size() - header.dataBytes();
            Backend backend = Runtimes.current().backend(Device.CPU);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (SafetensorsEntry e : header.entries()) {
                tensors.put(e.name(), readTensor(ch, dataStart, e, backend, source));
            }
            return new Contents(tensors, header.metadata());
        }
    }

    private static SafetensorsHeader readHeader(FileChannel ch, String source) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new SafetensorsFormatException(source, "truncated: " + size
                    + " bytes, fewer than the 8-byte header length every safetensors file starts with");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0, source, "the header length");
        long n = lenBuf.getLong(0);
        if (n < 0 || n > SafetensorsHeader.MAX_HEADER_BYTES) {
            throw new SafetensorsFormatException(source, "header length " + Long.toUnsignedString(n)
                    + " exceeds the limit of " + SafetensorsHeader.MAX_HEADER_BYTES + " bytes (not a safetensors file?)");
        }
        if (n > size - 8) {
            throw new SafetensorsFormatException(source, "truncated: the header length is " + n
                    + " bytes but only " + (size - 8) + " follow the 8-byte length");
        }
        if (n < 2) {
            throw new SafetensorsFormatException(source, "header length " + n + " is too small for a JSON object");
        }
        ByteBuffer headerBuf = ByteBuffer.allocate((int) n);
        readFully(ch, headerBuf, 8, source, "the header");
        return SafetensorsHeader.parse(headerBuf.array(), source, size - 8 - n);
    }

    private static Tensor readTensor(FileChannel ch, long dataStart, SafetensorsEntry e, Backend backend, String source)
            throws IOException {
        long bytes = e.byteSize();
        TensorImpl t = TensorImpl.allocate(backend, e.dtype(), e.shape());
        if (bytes == 0) return t;
        MemorySegment host = Arena.ofAuto().allocate(bytes, 8);
        for (long pos = 0; pos < bytes; ) {
            long n = Math.min(bytes - pos, Integer.MAX_VALUE - 8);
            readFully(ch, host.asSlice(pos, n).asByteBuffer(), dataStart + e.begin() + pos, source, "entry '" + e.name() + "'");
            pos += n;
        }
        if (e.dtype() == DType.BOOL) normaliseBools(host);
        backend.copyFromHost(host, t.ref().storage(), 0, e.numel());
        return t;
    }

    /** Any non-zero byte is true; stored as 1, as Kiln's bool storage holds only 0 and 1. */
    private static void normaliseBools(MemorySegment host) {
        for (long i = 0; i < host.byteSize(); i++) {
            if (host.get(ValueLayout.JAVA_BYTE, i) != 0) host.set(ValueLayout.JAVA_BYTE, i, (byte) 1);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, String source, String what) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) throw new SafetensorsFormatException(source, "truncated while reading " + what);
            pos += r;
        }
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes {@code tensors} (in the map's order) and {@code metadata} to {@code path}, atomically. Tensors
     * may be on any device and in any layout; their elements are written row-major, little-endian.
     *
     * @throws IllegalArgumentException for a null or reserved name, a null tensor or null metadata, before
     *                                  anything touches the disk
     */
    public static void write(Map<String, Tensor> tensors, Map<String, String> metadata, Path path) throws IOException {
        SafetensorsHeader header = plan(tensors, metadata == null ? Map.of() : metadata);
        byte[] headerBytes = header.encode();
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        } catch (IOException e) {
            throw new IOException("save: cannot write " + target + ": no temporary file can be created in " + dir + " ("
                    + e + ")", e);
        }
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, headerBytes.length);
                writeFully(ch, len);
                writeFully(ch, ByteBuffer.wrap(headerBytes));
                for (Tensor t : tensors.values()) writeData(ch, TensorImpl.of(t));
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

    /** Validates the arguments and lays the tensors out one after another. */
    private static SafetensorsHeader plan(Map<String, Tensor> tensors, Map<String, String> metadata) {
        if (tensors == null) throw new IllegalArgumentException("save: the state dict must not be null");
        List<SafetensorsEntry> entries = new ArrayList<>();
        long at = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name == null) throw new IllegalArgumentException("save: a tensor name is null");
            if (name.equals(SafetensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("save: '" + name + "' is reserved for metadata and cannot name a tensor");
            }
            Tensor t = e.getValue();
            if (t == null) throw new IllegalArgumentException("save: tensor '" + name + "' is null");
            long bytes = Math.multiplyExact(t.numel(), (long) t.dtype().byteSize());
            entries.add(new SafetensorsEntry(name, t.dtype(), t.shape(), at, at + bytes));
            at += bytes;
        }
        for (Map.Entry<String, String> m : metadata.entrySet()) {
            if (m.getKey() == null || m.getValue() == null) {
                throw new IllegalArgumentException("save: metadata keys and values must not be null: " + m.getKey() + "=" + m.getValue());
            }
        }
        return new SafetensorsHeader(entries, metadata);
    }

    /** Copies the elements out of the backend in bounded chunks; the host bytes are little-endian. */
    private static void writeData(FileChannel ch, TensorImpl t) throws IOException {
        long n = t.numel();
        if (n == 0) return;
        TensorImpl c = Conversion.contiguousAs(t, t.dtype());
        int size = t.dtype().byteSize();
        long perChunk = Math.max(1, CHUNK_BYTES / size);
        byte[] buf = new byte[(int) (Math.min(n, perChunk) * size)];
        MemorySegment host = MemorySegment.ofArray(buf);
        for (long start = 0; start < n; start += perChunk) {
            long count = Math.min(perChunk, n - start);
            c.backend().copyToHost(c.ref().storage(), c.storageOffset() + start, count, host.asSlice(0, count * size));
            writeFully(ch, ByteBuffer.wrap(buf, 0, (int) (count * size)));
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) ch.write(buf);
    }
}
