package dev.kiln.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed, truncated and hostile {@code .npy} input: each fails with an
 * {@link NpyFormatException} naming the path and the problem, before any data is allocated.
 */
class NpyBadFileTest {

    @TempDir
    Path dir;

    /** A preamble, the dict padded to a 64-byte boundary, and data. */
    private static byte[] npy(int major, String dict, byte[] data) {
        int preamble = major == 1 ? 10 : 12;
        String header = dict + " ".repeat(63 - (preamble + dict.length()) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(preamble + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(NpyHeader.MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) b.putShort((short) header.length());
        else b.putInt(header.length());
        return b.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data).array();
    }

    private static String dict(String descr, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    }

    private NpyFormatException fails(byte[] bytes, String... fragments) throws IOException {
        Path p = dir.resolve("bad.npy");
        Files.write(p, bytes);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(p));
        assertTrue(e.getMessage().startsWith(p.toString() + ": "), "message must name the path: " + e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message should contain '" + f + "': " + e.getMessage());
        }
        return e;
    }

    @Test
    void badMagic() throws IOException {
        fails("PK\u0003\u0004 this is a zip file, not an array".getBytes(StandardCharsets.ISO_8859_1),
                "not a .npy file", "magic");
    }

    @Test
    void emptyAndTinyFiles() throws IOException {
        fails(new byte[0], "truncated", "magic");
        fails(Arrays.copyOf(npy(1, dict("<f4", "(2,)"), new byte[8]), 9), "truncated", "header length");
    }

    @Test
    void unsupportedVersion() throws IOException {
        byte[] b = npy(1, dict("<f4", "(2,)"), new byte[8]);
        b[6] = 9;
        fails(b, "version 9.0");
    }

    @Test
    void truncatedHeader() throws IOException {
        byte[] full = npy(1, dict("<f4", "(2, 3)"), new byte[24]);
        fails(Arrays.copyOf(full, 40), "truncated", "header claims");
    }

    @Test
    void truncatedData() throws IOException {
        byte[] full = npy(1, dict("<f4", "(2, 3)"), new byte[24]);
        fails(Arrays.copyOf(full, full.length - 4), "truncated", "(2, 3)", "needs 24 data bytes", "has 20");
    }

    @Test
    void trailingBytes() throws IOException {
        fails(npy(1, dict("<f4", "(2, 3)"), new byte[28]), "trailing bytes", "needs 24", "has 28");
    }

    @Test
    void lyingShapeIsRefusedBeforeAllocating() throws IOException {
        // 8 TB claimed, 48 bytes present: must fail on the size check, not with an OutOfMemoryError
        fails(npy(1, dict("<f8", "(1000000, 1000000)"), new byte[48]), "needs 8000000000000 data bytes", "has 48");
    }

    @Test
    void shapeWhoseByteCountOverflows() throws IOException {
        fails(npy(1, dict("<f8", "(2147483647, 2147483647, 2147483647)"), new byte[8]), "more than 2^63 bytes");
    }

    @Test
    void absurdHeaderLength() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(NpyHeader.MAGIC).put((byte) 2).put((byte) 0).putInt(0xfffffff0);
        fails(b.array(), "header length 4294967280 is absurd");
    }

    @Test
    void headerLongerThanTheFile() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(NpyHeader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) 60000);
        fails(b.array(), "truncated", "header claims 60000 bytes", "only 64 bytes");
    }

    @Test
    void dictSyntaxErrors() throws IOException {
        fails(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), ", new byte[24]),
                "bad header dict", "expected");
        fails(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), } junk", new byte[24]),
                "bad header dict", "after the closing '}'");
        fails(npy(1, "{'descr': __import__('os'), 'fortran_order': False, 'shape': (2,)}", new byte[8]),
                "bad header dict", "expected a string, True, False or a tuple of integers");
        fails(npy(1, "{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (2,)}", new byte[8]),
                "duplicate key 'descr'");
    }

    @Test
    void wrongKeys() throws IOException {
        fails(npy(1, "{'descr': '<f4', 'shape': (2,), }", new byte[8]), "keys", "[descr, shape]");
        fails(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': True}", new byte[8]), "keys");
    }

    @Test
    void wrongValueTypes() throws IOException {
        fails(npy(1, "{'descr': '<f4', 'fortran_order': 'no', 'shape': (2,), }", new byte[8]),
                "'fortran_order' must be True or False", "'no'");
        fails(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': 'big', }", new byte[8]),
                "'shape' must be a tuple of integers");
        fails(npy(1, "{'descr': (4,), 'fortran_order': False, 'shape': (2,), }", new byte[8]),
                "'descr' must be a string");
    }

    @Test
    void unsupportedDtype() throws IOException {
        fails(npy(1, dict("<c8", "(2,)"), new byte[16]), "unsupported dtype descr '<c8'", "<f4");
        fails(npy(1, dict("|f4", "(2,)"), new byte[8]), "unsupported dtype descr '|f4'");
        fails(npy(1, dict("<U5", "(2,)"), new byte[40]), "unsupported dtype descr '<U5'");
    }

    @Test
    void negativeDim() throws IOException {
        fails(npy(1, dict("<f4", "(-1, 3)"), new byte[12]), "dim 0 is -1");
        fails(npy(1, dict("<f4", "(3000000000,)"), new byte[12]), "dim 0 is 3000000000");
    }

    @Test
    void streamWithLyingShapeFailsWithoutAllocatingTheClaim() {
        // claims 2^30 float64 (8 GiB); only 100 bytes arrive
        byte[] b = npy(1, dict("<f8", "(1073741824,)"), new byte[100]);
        NpyFormatException e = assertThrows(NpyFormatException.class,
                () -> Npy.read(new ByteArrayInputStream(b), "socket"));
        assertTrue(e.getMessage().startsWith("socket: truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("after 100 of 8589934592 bytes"), e.getMessage());
    }

    @Test
    void bfloat16IsRefusedBeforeTouchingTheDisk() throws IOException {
        var t = dev.kiln.Tensor.of(new double[] {1, 2}, dev.kiln.DType.BFLOAT16);
        assertEquals(dev.kiln.DType.BFLOAT16, t.dtype());
        Path p = dir.resolve("x.npy");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.write(t, p));
        assertTrue(e.getMessage().contains("bfloat16"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Npy.write(t, new ByteArrayOutputStream()));
        try (var files = Files.list(dir)) {
            assertTrue(files.findAny().isEmpty(), "nothing may be left on disk");
        }
    }
}
