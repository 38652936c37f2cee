package dev.kiln.core.runtime;

import dev.kiln.KilnRuntime.PluginInfo;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the plugin manager's state into {@link PluginInfo}s, one per jar or folder found, and logs
 * a warning with the reason for each one that is not running.
 *
 * <p>States: {@code STARTED}; {@code INVALID} (not a plugin: no or broken descriptor, unreadable jar,
 * duplicate id); {@code INCOMPATIBLE} ({@code Plugin-Requires} does not accept this api version);
 * {@code FAILED} (its {@code Plugin-Class} or {@code start()} threw, or one of its extensions could
 * not be created or asked); {@code DISABLED}; {@code DROPPED} (its plugin dependencies are missing).
 */
final class PluginScan {
    private static final Logger log = LoggerFactory.getLogger(PluginScan.class);

    private PluginScan() {}

    /** Describes every plugin candidate of {@code manager} and logs the ones that are not started. */
    static List<PluginInfo> describe(KilnPluginManager manager) {
        List<PluginInfo> out = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        Map<String, String> refusals = manager.refusals();
        for (PluginWrapper w : manager.getPlugins()) {
            seen.add(w.getPluginPath().toAbsolutePath().normalize());
            out.add(describe(w, refusals.get(w.getPluginId())));
        }
        manager.loadFailures().forEach((path, error) -> {
            seen.add(path.toAbsolutePath().normalize());
            out.add(new PluginInfo(String.valueOf(path.getFileName()), "?", path, "INVALID",
                    "not a valid Kiln plugin: " + loadReason(error)));
        });
        for (Path path : manager.candidatePaths()) {
            if (seen.add(path.toAbsolutePath().normalize())) {
                out.add(new PluginInfo(String.valueOf(path.getFileName()), "?", path, "DROPPED",
                        "its Plugin-Dependencies could not be resolved (see the PF4J log above)"));
            }
        }
        out.sort(Comparator.comparing((PluginInfo p) -> p.path().toString()));
        for (PluginInfo p : out) {
            if (!p.state().equals("STARTED")) {
                log.warn("Plugin '{}' ({}) is {}: {}; it is skipped", p.id(), p.path(), p.state(), p.reason());
            } else {
                log.debug("Plugin '{}' {} started from {}", p.id(), p.version(), p.path());
            }
        }
        return List.copyOf(out);
    }

    private static PluginInfo describe(PluginWrapper w, String refusal) {
        String id = w.getPluginId();
        String version = String.valueOf(w.getDescriptor().getVersion());
        Path path = w.getPluginPath();
        PluginState state = w.getPluginState();
        Throwable failure = w.getFailedException();
        if (state == PluginState.STARTED) return new PluginInfo(id, version, path, "STARTED", "");
        if (refusal != null) return new PluginInfo(id, version, path, "INCOMPATIBLE", refusal);
        if (state == PluginState.FAILED) return new PluginInfo(id, version, path, "FAILED", failureReason(failure));
        String reason = failure != null ? failureReason(failure)
                : state == PluginState.DISABLED ? "disabled" : "not started (state " + state + ")";
        return new PluginInfo(id, version, path, state.toString().toUpperCase(java.util.Locale.ROOT), reason);
    }

    /** PF4J's message for a path it could not load, with the underlying cause when it adds something. */
    private static String loadReason(Throwable error) {
        String reason = error instanceof PluginRuntimeException && error.getMessage() != null
                ? error.getMessage() : ProviderRecord.describe(error);
        Throwable cause = error.getCause();
        if (cause != null && cause != error && cause.getMessage() != null && !reason.contains(cause.getMessage())) {
            reason += " (" + ProviderRecord.describe(cause) + ")";
        }
        return reason;
    }

    private static String failureReason(Throwable failure) {
        if (failure == null) return "failed without a reason";
        if (failure instanceof ExtensionException || failure instanceof PluginRuntimeException) return failure.getMessage();
        return "start() threw " + ProviderRecord.describe(failure);
    }
}
