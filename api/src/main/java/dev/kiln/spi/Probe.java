package dev.kiln.spi;

/**
 * Whether a backend can run here, and why not when it cannot.
 *
 * @param available true when {@link BackendProvider#create} will succeed
 * @param reason    why it is unavailable (e.g. "no CUDA driver: libcuda.so.1 not found"), or a short
 *                  description of what it found when available
 */
public record Probe(boolean available, String reason) {
    /** Available, with what was found. */
    public static Probe available(String detail) { return new Probe(true, detail); }

    /** Unavailable, with the reason. */
    public static Probe unavailable(String reason) { return new Probe(false, reason); }
}
