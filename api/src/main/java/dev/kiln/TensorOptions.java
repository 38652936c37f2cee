package dev.kiln;

/**
 * The {@code dtype=} and {@code device=} keywords of PyTorch's creation functions. Null fields take
 * the defaults: the dtype the function implies (float32, or int64 for integer functions) and the CPU.
 */
public record TensorOptions(DType dtype, Device device) {

    /** All defaults. */
    public static final TensorOptions DEFAULT = new TensorOptions(null, null);

    /** Options with this dtype. */
    public static TensorOptions of(DType dtype) { return new TensorOptions(dtype, null); }

    /** Options on this device. */
    public static TensorOptions of(Device device) { return new TensorOptions(null, device); }

    /** A copy with this dtype. */
    public TensorOptions withDtype(DType d) { return new TensorOptions(d, device); }

    /** A copy on this device. */
    public TensorOptions withDevice(Device d) { return new TensorOptions(dtype, d); }

    /** The dtype, or {@code fallback} when none was given. */
    public DType dtypeOr(DType fallback) { return dtype == null ? fallback : dtype; }

    /** The device, or the CPU when none was given. */
    public Device deviceOrCpu() { return device == null ? Device.CPU : device; }
}
