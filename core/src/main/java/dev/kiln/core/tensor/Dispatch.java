package dev.kiln.core.tensor;

import dev.kiln.DType;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BinaryOp;
import dev.kiln.spi.Capabilities;
import dev.kiln.spi.Im2Col;
import dev.kiln.spi.Kernel;
import dev.kiln.spi.ReduceOp;
import dev.kiln.spi.ScatterMode;
import dev.kiln.spi.UnaryOp;
import dev.kiln.spi.UnsupportedKernelException;
import dev.kiln.spi.View;

/**
 * The one place core calls a backend's primitive kernels. Each call first checks the backend's declared
 * capabilities (strict: a missing kernel is an {@link UnsupportedKernelException}, never a silent fallback).
 */
public final class Dispatch {
    private Dispatch() {}

    private static final int DTYPES = DType.values().length;

    /** A backend's capabilities as a flat kernel-by-dtype table, so the check per call is one array read. */
    private record Table(Capabilities caps, boolean[] supported) {
        static Table of(Capabilities caps) {
            Kernel[] kernels = Kernel.values();
            DType[] dtypes = DType.values();
            boolean[] ok = new boolean[kernels.length * DTYPES];
            for (Kernel k : kernels) {
                for (DType d : dtypes) ok[k.ordinal() * DTYPES + d.ordinal()] = caps.supports(k, d);
            }
            return new Table(caps, ok);
        }
    }

    /** The table of the capabilities seen last (capabilities are immutable; a backend returns the same object). */
    private static volatile Table last;

    private static void require(String op, Backend be, Kernel k, DType dtype) {
        Capabilities caps = be.capabilities();
        Table t = last;
        if (t == null || t.caps() != caps) last = t = Table.of(caps);
        if (!t.supported()[k.ordinal() * DTYPES + dtype.ordinal()]) {
            throw new UnsupportedKernelException(op, be.name(), k, dtype, caps.dtypes(k));
        }
    }

    public static void unary(String op, Backend be, UnaryOp u, View in, View out) {
        require(op, be, Kernel.UNARY, in.dtype());
        be.unary(u, in, out);
    }

    public static void binary(String op, Backend be, BinaryOp b, View x, View y, View out) {
        require(op, be, Kernel.BINARY, x.dtype());
        be.binary(b, x, y, out);
    }

    public static void where(String op, Backend be, View cond, View a, View b, View out) {
        require(op, be, Kernel.WHERE, a.dtype());
        be.where(cond, a, b, out);
    }

    public static void reduce(String op, Backend be, ReduceOp r, View in, int[] axes, View out) {
        require(op, be, Kernel.REDUCE, in.dtype());
        be.reduce(r, in, axes, out);
    }

    public static void matmul(String op, Backend be, View a, View b, View out) {
        require(op, be, Kernel.MATMUL, a.dtype());
        be.matmul(a, b, out);
    }

    public static void copy(String op, Backend be, View src, View dst) {
        require(op, be, Kernel.COPY, src.dtype());
        be.copy(src, dst);
    }

    public static void fill(String op, Backend be, View dst, double value) {
        require(op, be, Kernel.FILL, dst.dtype());
        be.fill(dst, value);
    }

    public static void gather(String op, Backend be, View src, int dim, View index, View out) {
        require(op, be, Kernel.GATHER, src.dtype());
        try {
            be.gather(src, dim, index, out);
        } catch (IndexOutOfBoundsException e) {
            throw new IndexOutOfBoundsException(op + ": " + e.getMessage());
        }
    }

    public static void scatter(String op, Backend be, ScatterMode mode, View dst, int dim, View index, View src) {
        require(op, be, Kernel.SCATTER, dst.dtype());
        try {
            be.scatter(mode, dst, dim, index, src);
        } catch (IndexOutOfBoundsException e) {
            throw new IndexOutOfBoundsException(op + ": " + e.getMessage());
        }
    }

    public static void im2col(String op, Backend be, View input, Im2Col g, View cols) {
        require(op, be, Kernel.IM2COL, input.dtype());
        be.im2col(input, g, cols);
    }

    public static void col2im(String op, Backend be, View cols, Im2Col g, View out) {
        require(op, be, Kernel.COL2IM, cols.dtype());
        be.col2im(cols, g, out);
    }
}
