package dev.kiln.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident set size now and at its peak, from {@code /proc/self/status} (Linux). */
final class Memory {
    private Memory() {}

    /** {@code "VmRSS 312 MB, peak 401 MB"}, or a note that it is unknown on this system. */
    static String describe() {
        long rss = kb("VmRSS:");
        long hwm = kb("VmHWM:");
        if (rss < 0 || hwm < 0) return "unknown (no /proc/self/status)";
        return (rss / 1024) + " MB, peak " + (hwm / 1024) + " MB";
    }

    private static long kb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
