package dev.kiln.core.runtime;

import dev.kiln.KilnRuntime;

/** Holds the current runtime: a default one built lazily, or the last explicitly built one until it closes. */
public final class Runtimes {
    private Runtimes() {}

    private static volatile KilnRuntime current;

    /** The current runtime, starting a default one on first use. */
    public static KilnRuntime current() {
        KilnRuntime rt = current;
        if (rt != null) return rt;
        synchronized (Runtimes.class) {
            if (current == null) current = new RuntimeBuilder().buildDetached();
            return current;
        }
    }

    /** Makes {@code rt} current, closing a previous default runtime. */
    static synchronized void install(KilnRuntime rt) {
        KilnRuntime previous = current;
        current = rt;
        if (previous != null && previous != rt) previous.close();
    }

    /** Called when {@code rt} closes: the next use starts a fresh default runtime. */
    static synchronized void closed(KilnRuntime rt) {
        if (current == rt) current = null;
    }
}
