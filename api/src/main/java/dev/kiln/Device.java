package dev.kiln;

import java.util.Locale;

/**
 * Where a tensor's storage lives: a device type and an index, written as PyTorch writes it
 * ({@code "cpu"}, {@code "cuda:0"}).
 *
 * @param type  the kind of device
 * @param index the device's ordinal among devices of its type (0 for the CPU)
 */
public record Device(Type type, int index) {

    /** Kinds of devices a backend can serve. */
    public enum Type {
        /** Host memory. */
        CPU,
        /** An NVIDIA GPU. */
        CUDA;

        /** Lower-case name as PyTorch writes it. */
        public String torchName() { return name().toLowerCase(Locale.ROOT); }
    }

    /** The host. */
    public static final Device CPU = new Device(Type.CPU, 0);
    /** The first CUDA device. */
    public static final Device CUDA = new Device(Type.CUDA, 0);

    public Device {
        if (type == null) throw new IllegalArgumentException("Device: type must not be null");
        if (index < 0) throw new IllegalArgumentException("Device: index must be >= 0, got " + index);
    }

    /** The CUDA device with this ordinal. */
    public static Device cuda(int index) { return new Device(Type.CUDA, index); }

    /** Parses {@code "cpu"}, {@code "cuda"} or {@code "cuda:N"}. */
    public static Device parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        int colon = s.indexOf(':');
        String name = colon < 0 ? s : s.substring(0, colon);
        Type type = switch (name) {
            case "cpu" -> Type.CPU;
            case "cuda" -> Type.CUDA;
            default -> throw new IllegalArgumentException(
                    "unknown device '" + spec + "'; expected cpu, cuda or cuda:N");
        };
        if (colon < 0) return new Device(type, 0);
        try {
            return new Device(type, Integer.parseInt(s.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad device index in '" + spec + "'; expected cuda:N");
        }
    }

    @Override
    public String toString() {
        return type == Type.CPU ? "cpu" : type.torchName() + ":" + index;
    }
}
