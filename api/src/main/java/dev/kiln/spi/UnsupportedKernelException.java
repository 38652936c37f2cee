package dev.kiln.spi;

import dev.kiln.DType;

/** A backend was asked for a kernel or dtype it does not declare in its {@link Capabilities}. */
public final class UnsupportedKernelException extends UnsupportedOperationException {
    private final String backend;
    private final Kernel kernel;
    private final DType dtype;

    public UnsupportedKernelException(String op, String backend, Kernel kernel, DType dtype,
                                      java.util.Set<DType> supported) {
        super(op + ": backend '" + backend + "' does not support kernel " + kernel + " for dtype "
                + dtype.torchName() + (supported.isEmpty() ? " (it lacks the kernel entirely)"
                : " (supported dtypes: " + supported.stream().map(DType::torchName).toList() + ")"));
        this.backend = backend;
        this.kernel = kernel;
        this.dtype = dtype;
    }

    /** The backend that lacks the kernel. */
    public String backend() { return backend; }

    /** The missing kernel. */
    public Kernel kernel() { return kernel; }

    /** The dtype it was asked for. */
    public DType dtype() { return dtype; }
}
