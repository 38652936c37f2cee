package dev.kiln.data.idx;

/** The element types an IDX header's third byte names (LeCun's format description). */
public enum IdxType {
    /** {@code 0x08}: unsigned byte (MNIST pixels and labels). */
    UBYTE(0x08, 1),
    /** {@code 0x09}: signed byte. */
    BYTE(0x09, 1),
    /** {@code 0x0B}: big-endian int16. */
    SHORT(0x0B, 2),
    /** {@code 0x0C}: big-endian int32. */
    INT(0x0C, 4),
    /** {@code 0x0D}: big-endian float32. */
    FLOAT(0x0D, 4),
    /** {@code 0x0E}: big-endian float64. */
    DOUBLE(0x0E, 8);

    private final int code;
    private final int size;

    IdxType(int code, int size) {
        this.code = code;
        this.size = size;
    }

    /** The header's type byte. */
    public int code() { return code; }

    /** Bytes per element. */
    public int byteSize() { return size; }

    /** The type for a header byte, or {@code null} when the byte names none. */
    static IdxType ofCode(int code) {
        for (IdxType t : values()) if (t.code == code) return t;
        return null;
    }
}
