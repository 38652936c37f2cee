package dev.kiln.examples.cli;

import dev.kiln.Device;
import dev.kiln.KilnRuntime;
import dev.kiln.KilnRuntime.BackendInfo;
import dev.kiln.KilnRuntime.PluginInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders what a {@link KilnRuntime} found as plain-text tables: backends (name, device type,
 * priority, origin, available or why not, selected), plugins from the plugins folder (id, version,
 * path, state, reason) and the backend serving each device type.
 */
public final class RuntimeListing {
    private RuntimeListing() {}

    /** The listing, ending with a newline. */
    public static String render(KilnRuntime runtime) {
        StringBuilder sb = new StringBuilder();
        List<BackendInfo> backends = runtime.backends();
        sb.append("Backends (").append(backends.size()).append("):\n");
        if (backends.isEmpty()) {
            sb.append("  (none found)\n");
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"NAME", "DEVICE", "PRIORITY", "ORIGIN", "STATUS", "SELECTED"});
            for (BackendInfo b : backends) {
                String status = b.available() ? "available" : "unavailable";
                if (b.reason() != null && !b.reason().isBlank()) status += ": " + b.reason();
                rows.add(new String[] {b.name(), b.deviceType().torchName(), Integer.toString(b.priority()),
                        b.origin(), status, b.selected() ? "yes" : ""});
            }
            table(sb, rows);
        }

        List<PluginInfo> plugins = runtime.plugins();
        sb.append("\nPlugins (").append(plugins.size()).append("):\n");
        if (plugins.isEmpty()) {
            sb.append("  (none in the plugins folder)\n");
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "VERSION", "STATE", "PATH", "REASON"});
            for (PluginInfo p : plugins) {
                rows.add(new String[] {p.id(), p.version(), p.state(), String.valueOf(p.path()),
                        p.reason() == null ? "" : p.reason()});
            }
            table(sb, rows);
        }

        sb.append("\nDevice types:\n");
        for (Device.Type type : Device.Type.values()) {
            String serving = backends.stream()
                    .filter(b -> b.deviceType() == type && b.selected())
                    .map(BackendInfo::name)
                    .findFirst()
                    .orElseGet(() -> backends.stream().anyMatch(b -> b.deviceType() == type && b.available())
                            ? "(none selected yet)"
                            : "(no available backend)");
            sb.append(String.format(Locale.ROOT, "  %-5s -> %s%n", type.torchName(), serving));
        }
        return sb.toString();
    }

    private static void table(StringBuilder sb, List<String[]> rows) {
        int cols = rows.getFirst().length;
        int[] width = new int[cols];
        for (String[] r : rows) for (int c = 0; c < cols; c++) width[c] = Math.max(width[c], r[c].length());
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int c = 0; c < cols; c++) {
                line.append(r[c]);
                if (c < cols - 1) line.append(" ".repeat(width[c] - r[c].length() + 2));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
