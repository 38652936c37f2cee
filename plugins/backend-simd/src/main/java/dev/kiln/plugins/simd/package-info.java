/**
 * The {@code "simd"} backend: the reference backend's kernels, kernel for kernel, on the Panama
 * Vector API, multithreaded for large work. A PF4J plugin that depends on kiln-api only.
 */
package dev.kiln.plugins.simd;
