package dev.kiln.spi;

/** How {@link Backend#scatter} combines a source element with the destination. */
public enum ScatterMode {
    /** {@code dst[idx] = src} */ SET,
    /** {@code dst[idx] += src} */ ADD
}
