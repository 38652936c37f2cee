package dev.kiln.examples.bench;

import java.util.Arrays;

/**
 * The timing method of {@code torch_figures.py}'s {@code timeit}: one call, then a doubling inner loop until
 * it runs at least {@code minTime} seconds, then the median of {@code repeats} timed runs of that loop, in
 * seconds per call. Java adds one step before it, a JIT warm-up: the function runs for {@link #JIT_WARMUP_S}
 * seconds first so that the measured runs time compiled code, not the interpreter (CPython has no such phase).
 * It is wall-clock time because the JIT's compiler threads share the cores: on this 2-core machine under load
 * a 2 s warm-up left the linear10 step partly interpreted (77 us, against 27 us after 8 s).
 * The system property {@code kiln.bench.warmup} (seconds, read at each call) changes it.
 */
public final class Timer {
    /** Seconds of JIT warm-up before the Python-identical procedure starts, unless {@code kiln.bench.warmup} says otherwise. */
    public static final double JIT_WARMUP_S = 5.0;

    /** The warm-up in seconds: {@code kiln.bench.warmup} when set, else {@link #JIT_WARMUP_S}. */
    public static double warmupSeconds() {
        String s = System.getProperty("kiln.bench.warmup");
        return s == null ? JIT_WARMUP_S : Double.parseDouble(s);
    }

    private Timer() {}

    /** Seconds per call of {@code fn}: the median of 7 repeats of a loop of at least 0.2 s. */
    public static double timeit(Runnable fn) { return timeit(fn, 7, 0.2); }

    /** Seconds per call of {@code fn}. */
    public static double timeit(Runnable fn, int repeats, double minTime) {
        long warmEnd = System.nanoTime() + (long) (warmupSeconds() * 1e9);
        do {
            fn.run();
        } while (System.nanoTime() < warmEnd);
        fn.run();
        long inner = 1;
        while (true) {
            long t0 = System.nanoTime();
            for (long i = 0; i < inner; i++) fn.run();
            double t = (System.nanoTime() - t0) / 1e9;
            if (t >= minTime) break;
            inner *= 2;
        }
        double[] samples = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            for (long i = 0; i < inner; i++) fn.run();
            samples[r] = (System.nanoTime() - t0) / 1e9 / inner;
        }
        return median(samples);
    }

    /** The median as Python's {@code statistics.median}: the mean of the two middle values for an even count. */
    public static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        if (n == 0) throw new IllegalArgumentException("median of no values");
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
