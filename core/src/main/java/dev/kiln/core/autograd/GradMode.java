package dev.kiln.core.autograd;

import dev.kiln.autograd.GradScope;

/** The per-thread autograd switches: grad mode ({@code no_grad}) and anomaly mode, as PyTorch's thread-local state. */
public final class GradMode {
    private GradMode() {}

    private static final ThreadLocal<boolean[]> GRAD = ThreadLocal.withInitial(() -> new boolean[] {true});
    private static final ThreadLocal<boolean[]> ANOMALY = ThreadLocal.withInitial(() -> new boolean[] {false});

    /** Whether ops on this thread record the graph. */
    public static boolean isEnabled() { return GRAD.get()[0]; }

    /** Whether anomaly detection is on for this thread. */
    public static boolean isAnomalyEnabled() { return ANOMALY.get()[0]; }

    /** Sets grad mode until the scope closes. */
    public static GradScope set(boolean enabled) { return swap(GRAD.get(), enabled); }

    /** Sets anomaly mode until the scope closes. */
    public static GradScope setAnomaly(boolean enabled) { return swap(ANOMALY.get(), enabled); }

    /** Grad mode off until the scope closes: the way an op computes its forward without recording its pieces. */
    public static GradScope disable() { return set(false); }

    private static GradScope swap(boolean[] flag, boolean enabled) {
        boolean previous = flag[0];
        flag[0] = enabled;
        return new GradScope() {
            private boolean closed;

            @Override
            public void close() {
                if (closed) return;
                closed = true;
                flag[0] = previous;
            }
        };
    }
}
