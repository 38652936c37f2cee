package dev.kiln.core.runtime;

import dev.kiln.Device;
import dev.kiln.Kiln;
import dev.kiln.KilnRuntime;
import dev.kiln.KilnRuntime.BackendInfo;
import dev.kiln.KilnRuntime.FactoryInfo;
import dev.kiln.KilnRuntime.PluginInfo;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The human-readable account of a runtime that {@code ./kiln plugins} prints: every plugin found
 * (id, version, path, state, and why when it is not started), every backend provider (name,
 * device, priority, origin, available or unavailable and why) and which backend serves each device
 * type, and the layer, optimizer and dataset factories found.
 */
public final class RuntimeReport {
    private RuntimeReport() {}

    /** Renders {@code rt}; extra detail (plugins folder, forced backend, skipped extensions) when it is a {@link DefaultRuntime}. */
    public static String render(KilnRuntime rt) {
        StringBuilder out = new StringBuilder();
        DefaultRuntime d = rt instanceof DefaultRuntime dr ? dr : null;
        out.append("Kiln runtime (api ").append(Kiln.API_VERSION).append(")\n");
        if (d != null) {
            out.append("Plugins folder: ").append(d.pluginsDir()).append(" (").append(d.pluginsDirSource()).append(')');
            if (!Files.isDirectory(d.pluginsDir())) out.append(" - does not exist, no plugins loaded");
            out.append('\n');
        }

        List<PluginInfo> plugins = rt.plugins();
        out.append("\nPlugins (").append(plugins.size()).append("):\n");
        if (plugins.isEmpty()) out.append("  none\n");
        else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[]{"ID", "VERSION", "STATE", "PATH"});
            for (PluginInfo p : plugins) rows.add(new String[]{p.id(), p.version(), p.state(), String.valueOf(p.path())});
            List<String> lines = table(rows);
            out.append("  ").append(lines.getFirst()).append('\n');
            for (int i = 0; i < plugins.size(); i++) {
                out.append("  ").append(lines.get(i + 1)).append('\n');
                PluginInfo p = plugins.get(i);
                if (p.reason() != null && !p.reason().isBlank()) out.append("      reason: ").append(p.reason()).append('\n');
            }
        }

        List<BackendInfo> backends = rt.backends();
        out.append("\nBackends (").append(backends.size()).append("):\n");
        if (backends.isEmpty()) out.append("  none\n");
        else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[]{"NAME", "DEVICE", "PRIORITY", "ORIGIN", "STATUS"});
            for (BackendInfo b : backends) {
                String status = (b.available() ? "available" : "unavailable")
                        + (b.reason() == null || b.reason().isBlank() ? "" : ": " + b.reason())
                        + (b.selected() ? "  [selected]" : "");
                rows.add(new String[]{b.name(), b.deviceType().torchName(), String.valueOf(b.priority()), b.origin(), status});
            }
            for (String line : table(rows)) out.append("  ").append(line).append('\n');
        }

        out.append("\nServing each device type:\n");
        Map<Device.Type, String> errors = d != null ? d.selectionErrors() : Map.of();
        for (Device.Type t : Device.Type.values()) {
            String name = backends.stream().filter(b -> b.selected() && b.deviceType() == t)
                    .map(BackendInfo::name).findFirst().orElse(null);
            out.append("  ").append(pad(t.torchName(), 5)).append(" -> ");
            if (name != null) out.append(name);
            else out.append("none (").append(errors.getOrDefault(t, "no available backend for " + t.torchName())).append(')');
            out.append('\n');
        }
        if (d != null && d.forcedBackend().isPresent()) {
            out.append("Forced backend: ").append(d.forcedBackend().get()).append(" (")
                    .append(d.forcedBackendSource().orElse("?")).append(")\n");
        }
        appendFactories(out, rt.factories());
        if (d != null && !d.problems().isEmpty()) {
            out.append("\nSkipped extensions:\n");
            for (String p : d.problems()) out.append("  ").append(p).append('\n');
        }
        return out.toString();
    }

    /**
     * One line per kind and origin: {@code layer (15, classpath): Conv2d, CrossEntropyLoss, ...}; factories a
     * same-named one found earlier shadows are listed apart, as not serving.
     */
    private static void appendFactories(StringBuilder out, List<FactoryInfo> factories) {
        out.append("\nFactories (").append(factories.stream().filter(FactoryInfo::active).count()).append("):\n");
        if (factories.isEmpty()) {
            out.append("  none\n");
            return;
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (FactoryInfo f : factories) {
            String key = f.kind() + " (" + f.origin() + (f.active() ? "" : ", shadowed by the same names found first") + ")";
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(f.name());
        }
        groups.forEach((key, names) -> out.append("  ").append(key).append(": ")
                .append(String.join(", ", names.stream().sorted().toList())).append('\n'));
    }

    /** Left-aligned columns, two spaces apart; the last column is not padded. */
    private static List<String> table(List<String[]> rows) {
        int cols = rows.getFirst().length;
        int[] width = new int[cols];
        for (String[] r : rows) for (int c = 0; c < cols; c++) width[c] = Math.max(width[c], r[c].length());
        List<String> lines = new ArrayList<>();
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                sb.append(c == cols - 1 ? r[c] : pad(r[c], width[c] + 2));
            }
            lines.add(sb.toString().stripTrailing());
        }
        return lines;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
