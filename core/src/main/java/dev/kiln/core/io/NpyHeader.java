package dev.kiln.core.io;

import dev.kiln.DType;
import dev.kiln.core.format.PyTuple;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * The validated header of a {@code .npy} file (format versions 1.0, 2.0 and 3.0): the magic
 * string, the version, the header length and the header dict with {@code descr},
 * {@code fortran_order} and {@code shape}. Reading checks everything that can be checked before
 * any data is touched, so a hostile header never causes a large allocation.
 *
 * @param descr        the element type and byte order
 * @param fortranOrder whether the data is stored column-major
 * @param shape        the array's shape
 * @param dataOffset   bytes from the start of the file to the first data byte
 */
record NpyHeader(NpyDescr descr, boolean fortranOrder, int[] shape, long dataOffset) {

    /** The 6-byte magic string every {@code .npy} file starts with. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Header dicts larger than this are refused (NumPy writes well under 1 KiB). */
    static final int MAX_HEADER_BYTES = 1 << 20;
    /** At most this many dims (NumPy 2's limit). */
    static final int MAX_DIMS = 64;
    private static final int ALIGNMENT = 64;
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    /** Number of elements. */
    long numel() {
        long n = 1;
        for (int s : shape) n *= s; // cannot overflow: checked when read
        return n;
    }

    /** Number of data bytes following the header. */
    long dataBytes() {
        return numel() * descr.dtype().byteSize();
    }

    /** Python's repr of the shape tuple, for messages. */
    String shapeText() {
        return PyTuple.of(shape);
    }

    /**
     * Reads and validates the preamble and header dict from the channel, which is left at the
     * first data byte.
     *
     * @param available bytes in the whole source, or -1 when unknown (a stream)
     */
    static NpyHeader read(ReadableByteChannel in, String source, long available) throws IOException {
        ByteBuffer pre = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(in, pre, source, "the 8-byte magic and version");
        for (int i = 0; i < MAGIC.length; i++) {
            if (pre.get(i) != MAGIC[i]) {
                throw new NpyFormatException(source, "not a .npy file: it does not start with the magic \\x93NUMPY"
                        + " (first bytes " + hex(pre, Math.min(pre.limit(), 8)) + ")");
            }
        }
        int major = pre.get(6) & 0xff;
        int minor = pre.get(7) & 0xff;
        if (major < 1 || major > 3) {
            throw new NpyFormatException(source, "unsupported .npy format version " + major + "." + minor
                    + " (supported: 1.0, 2.0, 3.0)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        ByteBuffer len = ByteBuffer.allocate(lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
        readFully(in, len, source, "the header length");
        long headerLength = major == 1 ? len.getShort(0) & 0xffffL : len.getInt(0) & 0xffffffffL;
        long dataOffset = 8 + lengthBytes + headerLength;
        if (headerLength > MAX_HEADER_BYTES) {
            throw new NpyFormatException(source, "header length " + headerLength + " is absurd (limit "
                    + MAX_HEADER_BYTES + " bytes)");
        }
        if (available >= 0 && dataOffset > available) {
            throw new NpyFormatException(source, "truncated: the header claims " + headerLength
                    + " bytes but the file has only " + available + " bytes in all");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readFully(in, headerBytes, source, "the " + headerLength + "-byte header");
        String header = new String(headerBytes.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return parseDict(header, source, dataOffset);
    }

    private static NpyHeader parseDict(String header, String source, long dataOffset) throws NpyFormatException {
        Map<String, Object> dict;
        try {
            dict = PyDictLiteral.parse(header);
        } catch (PyDictLiteral.SyntaxError e) {
            throw new NpyFormatException(source, "bad header dict: " + e.getMessage());
        }
        if (!dict.keySet().equals(KEYS)) {
            throw new NpyFormatException(source, "header dict keys " + dict.keySet()
                    + " must be exactly [descr, fortran_order, shape]");
        }
        if (!(dict.get("descr") instanceof String descrText)) {
            throw new NpyFormatException(source, "header field 'descr' must be a string such as '<f4', got "
                    + describe(dict.get("descr")));
        }
        NpyDescr descr = NpyDescr.parse(descrText);
        if (descr == null) {
            throw new NpyFormatException(source, "unsupported dtype descr '" + descrText + "'; Kiln reads "
                    + NpyDescr.SUPPORTED);
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new NpyFormatException(source, "header field 'fortran_order' must be True or False, got "
                    + describe(dict.get("fortran_order")));
        }
        if (!(dict.get("shape") instanceof long[] dims)) {
            throw new NpyFormatException(source, "header field 'shape' must be a tuple of integers, got "
                    + describe(dict.get("shape")));
        }
        if (dims.length > MAX_DIMS) {
            throw new NpyFormatException(source, "shape has " + dims.length + " dims; at most " + MAX_DIMS);
        }
        int[] shape = new int[dims.length];
        long bytes = descr.dtype().byteSize();  // computed only to refuse a size that overflows
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0 || dims[i] > Integer.MAX_VALUE) {
                throw new NpyFormatException(source, "shape " + PyTuple.of(dims) + ": dim " + i + " is " + dims[i]
                        + "; each must be between 0 and " + Integer.MAX_VALUE);
            }
            shape[i] = (int) dims[i];
        }
        if (Arrays.stream(shape).noneMatch(x -> x == 0)) {
            try {
                for (int s : shape) bytes = Math.multiplyExact(bytes, (long) s);
            } catch (ArithmeticException e) {
                throw new NpyFormatException(source, "shape " + PyTuple.of(dims) + " of " + descrText
                        + " needs more than 2^63 bytes");
            }
        }
        return new NpyHeader(descr, fortran, shape, dataOffset);
    }

    /**
     * The preamble and header for a C-order array of {@code dtype} and {@code shape}, byte for byte
     * as NumPy's {@code np.save} writes them: version 1.0 when the header fits 64 KiB, else 2.0;
     * spaces reserved for the first dim to grow to 21 digits; padded with spaces and a newline so
     * the data starts at a multiple of 64.
     */
    static byte[] encode(DType dtype, int[] shape) {
        String dict = "{'descr': '" + NpyDescr.forWriting(dtype) + "', 'fortran_order': False, 'shape': "
                + PyTuple.of(shape) + ", }";
        if (shape.length > 0) dict += " ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length()));
        byte[] dictBytes = dict.getBytes(StandardCharsets.ISO_8859_1);
        int headerWithNewline = dictBytes.length + 1;
        int preamble = 10;
        int pad = ALIGNMENT - ((preamble + headerWithNewline) % ALIGNMENT);
        boolean v1 = headerWithNewline + pad <= 0xffff;
        if (!v1) {
            preamble = 12;
            pad = ALIGNMENT - ((preamble + headerWithNewline) % ALIGNMENT);
        }
        int headerLength = headerWithNewline + pad;
        ByteBuffer out = ByteBuffer.allocate(preamble + headerLength).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) (v1 ? 1 : 2)).put((byte) 0);
        if (v1) out.putShort((short) headerLength);
        else out.putInt(headerLength);
        out.put(dictBytes);
        while (out.position() < out.limit() - 1) out.put((byte) ' ');
        out.put((byte) '\n');
        return out.array();
    }

    static void readFully(ReadableByteChannel in, ByteBuffer buf, String source, String what) throws IOException {
        while (buf.hasRemaining()) {
            if (in.read(buf) < 0) {
                throw new NpyFormatException(source, "truncated: end of file while reading " + what
                        + " (got " + buf.position() + " of " + buf.limit() + " bytes)");
            }
        }
    }

    private static String describe(Object value) {
        if (value instanceof long[] a) return PyTuple.of(a);
        if (value instanceof String s) return "'" + s + "'";
        return String.valueOf(value);
    }

    private static String hex(ByteBuffer b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append(String.format("%02x", b.get(i) & 0xff));
        return sb.toString();
    }
}
