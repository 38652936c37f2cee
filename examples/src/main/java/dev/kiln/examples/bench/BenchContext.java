package dev.kiln.examples.bench;

import dev.kiln.KilnRuntime;

import java.io.PrintWriter;

/**
 * What a benchmark group needs: a way to open the runtime with a given backend thread count (the
 * {@code _t1}/{@code _t2} of the figure names), where to print figures, and where to print progress notes
 * (stderr, so stdout holds the figure lines only).
 */
public interface BenchContext {
    /** Opens the runtime (and makes it current) with the CPU backend sized to {@code threads} threads; the caller closes it. */
    KilnRuntime open(int threads);

    /** Where figure lines go, for the backend {@code runtime} selected. */
    Figures figures(KilnRuntime runtime);

    /** Progress and extra measurements (per-epoch times, memory), not figures. */
    PrintWriter notes();
}
