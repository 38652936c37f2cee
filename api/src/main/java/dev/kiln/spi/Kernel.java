package dev.kiln.spi;

/** The primitive kernels of the Backend SPI; a backend declares which it supports per dtype. */
public enum Kernel {
    UNARY, BINARY, WHERE, REDUCE, MATMUL, COPY, FILL, GATHER, SCATTER, IM2COL, COL2IM
}
