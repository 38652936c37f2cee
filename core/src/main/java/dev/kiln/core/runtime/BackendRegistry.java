package dev.kiln.core.runtime;

import dev.kiln.Device;
import dev.kiln.KilnRuntime.BackendInfo;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BackendContext;
import dev.kiln.spi.BackendProvider;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The runtime's backends: the providers bound in {@code Set<BackendProvider>}, the one selected per
 * device type, and the backends opened so far.
 *
 * <p>Selection, decided once when the registry is built: per device type the available provider
 * with the highest priority (the first found on a tie), unless a backend is forced by name
 * ({@code RuntimeBuilder.backend}, {@code kiln.backend}, {@code KILN_BACKEND}), which then serves
 * its device type. Why each provider was passed over is logged. A forced backend that is unknown or
 * unavailable is an error on first use that names it, its reason and what is available.
 *
 * <p>Backends are opened lazily with {@link BackendProvider#create} on first use, one per provider
 * and device, and closed in reverse order of opening by {@link #close()}. Thread-safe.
 */
final class BackendRegistry {
    private static final Logger log = LoggerFactory.getLogger(BackendRegistry.class);

    private final RuntimeSettings settings;
    private final List<ProviderRecord> providers = new ArrayList<>();
    private final Map<String, ProviderRecord> byName = new LinkedHashMap<>();
    private final List<BackendInfo> infos = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<Device.Type, ProviderRecord> selected = new EnumMap<>(Device.Type.class);
    private final Map<Device.Type, String> selectionErrors = new EnumMap<>(Device.Type.class);
    private final BackendContext context = new RuntimeBackendContext(this);

    private final Object lock = new Object();
    private final Map<String, Backend> open = new ConcurrentHashMap<>();
    private final List<Backend> openOrder = new ArrayList<>();
    private final Set<String> opening = new LinkedHashSet<>();
    private volatile boolean closed;

    @Inject
    BackendRegistry(Set<BackendProvider> bound, ExtensionCatalog catalog, RuntimeSettings settings) {
        this.settings = settings;
        List<ProviderRecord> duplicates = new ArrayList<>();
        for (BackendProvider p : bound) {
            ProviderRecord r = catalog.recordOf(ExtensionKind.BACKENDS, p).orElse(null);
            if (r == null) {
                try {
                    r = ProviderRecord.inspect(p, "module");
                } catch (ExtensionException e) {
                    String problem = "module-bound provider " + e.getMessage();
                    log.warn("Skipping {}", problem);
                    problems.add(problem);
                    continue;
                }
            }
            if (byName.containsKey(r.name())) {
                duplicates.add(r);
            } else {
                byName.put(r.name(), r);
                providers.add(r);
            }
        }
        select();
        for (ProviderRecord r : providers) {
            infos.add(new BackendInfo(r.name(), r.deviceType(), r.priority(), r.origin(), r.probe().available(),
                    r.probe().reason(), selected.get(r.deviceType()) == r));
        }
        for (ProviderRecord d : duplicates) {
            String reason = "duplicate name: '" + d.name() + "' is already provided by " + byName.get(d.name()).origin();
            log.warn("Ignoring backend provider {} from {}: {}", d.provider().getClass().getName(), d.origin(), reason);
            infos.add(new BackendInfo(d.name(), d.deviceType(), d.priority(), d.origin(), false, reason, false));
        }
    }

    private void select() {
        String forced = settings.forcedBackend();
        ProviderRecord forcedRecord = forced == null ? null : byName.get(forced);
        if (forced != null && forcedRecord == null) {
            String msg = "backend '" + forced + "' was forced by " + settings.forcedSource()
                    + ", but no backend provider has that name; " + availableList();
            log.warn(msg);
            for (Device.Type t : Device.Type.values()) selectionErrors.put(t, msg);
            return;
        }
        for (Device.Type type : Device.Type.values()) {
            List<ProviderRecord> ofType = providers.stream().filter(r -> r.deviceType() == type).toList();
            if (forcedRecord != null && forcedRecord.deviceType() == type) {
                if (!forcedRecord.probe().available()) {
                    String msg = "backend '" + forced + "' was forced by " + settings.forcedSource()
                            + ", but it is unavailable: " + forcedRecord.probe().reason() + "; " + availableList();
                    log.warn(msg);
                    selectionErrors.put(type, msg);
                    continue;
                }
                selected.put(type, forcedRecord);
                log.info("Backend for {}: '{}' ({}, forced by {})", type.torchName(), forced, forcedRecord.origin(),
                        settings.forcedSource());
                for (ProviderRecord r : ofType) {
                    if (r != forcedRecord) log.debug("Passed over backend '{}' for {}: '{}' is forced", r.name(), type.torchName(), forced);
                }
                continue;
            }
            Optional<ProviderRecord> best = ofType.stream().filter(r -> r.probe().available())
                    .max(Comparator.comparingInt(ProviderRecord::priority).thenComparing(r -> -ofType.indexOf(r)));
            for (ProviderRecord r : ofType) {
                if (!r.probe().available()) {
                    log.info("Passed over backend '{}' for {}: unavailable: {}", r.name(), type.torchName(), r.probe().reason());
                } else if (best.isPresent() && best.get() != r) {
                    log.debug("Passed over backend '{}' for {}: priority {} is not above '{}' ({})", r.name(),
                            type.torchName(), r.priority(), best.get().name(), best.get().priority());
                }
            }
            if (best.isPresent()) {
                selected.put(type, best.get());
                log.info("Backend for {}: '{}' (priority {}, {}: {})", type.torchName(), best.get().name(),
                        best.get().priority(), best.get().origin(), best.get().probe().reason());
            } else {
                String why = ofType.isEmpty() ? "no backend provider for " + type.torchName() + " is installed"
                        : "every provider for " + type.torchName() + " is unavailable: " + ofType.stream()
                        .map(r -> r.name() + " (" + r.probe().reason() + ")").collect(Collectors.joining(", "));
                selectionErrors.put(type, "no backend available for " + type.torchName() + ": " + why + "; " + availableList());
            }
        }
    }

    private String availableList() {
        String list = providers.stream().filter(r -> r.probe().available())
                .map(r -> r.name() + " (" + r.deviceType().torchName() + ", priority " + r.priority() + ")")
                .collect(Collectors.joining(", "));
        return list.isEmpty() ? "no backend is available" : "available backends: " + list;
    }

    /** The backend serving {@code device}, opened on first use. */
    Backend backend(Device device) {
        ensureOpen();
        ProviderRecord r = selected.get(device.type());
        if (r == null) {
            throw new IllegalStateException(device + ": " + selectionErrors.getOrDefault(device.type(),
                    "no backend available for " + device.type().torchName()));
        }
        return open(r, device);
    }

    /** The backend of the named provider on its device type's first device, if it exists and is available. */
    Optional<Backend> backend(String name) {
        ensureOpen();
        ProviderRecord r = byName.get(name);
        if (r == null || !r.probe().available()) return Optional.empty();
        return Optional.of(open(r, new Device(r.deviceType(), 0)));
    }

    private Backend open(ProviderRecord r, Device device) {
        String key = r.name() + "@" + device;
        Backend b = open.get(key);
        if (b != null) return b;
        synchronized (lock) {
            ensureOpen();
            b = open.get(key);
            if (b != null) return b;
            if (!opening.add(key)) {
                throw new IllegalStateException("backend '" + r.name() + "' on " + device
                        + " needs itself while it is being opened (cycle: " + String.join(" -> ", opening) + " -> " + key + ")");
            }
            try {
                Backend made;
                try {
                    made = r.provider().create(device, context);
                } catch (RuntimeException | LinkageError e) {
                    throw new IllegalStateException("backend '" + r.name() + "' (" + r.origin() + ") failed to open "
                            + device + ": " + ProviderRecord.describe(e), e);
                }
                if (made == null) {
                    throw new IllegalStateException("backend '" + r.name() + "' (" + r.origin() + "): create(" + device + ") returned null");
                }
                dev.kiln.core.ops.FusedKernels.setEnabled(made, settings.fusedKernels());
                open.put(key, made);
                openOrder.add(made);
                log.debug("Opened backend '{}' on {}", r.name(), device);
                return made;
            } finally {
                opening.remove(key);
            }
        }
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("this Kiln runtime is closed; build a new one or use Kiln.runtime()");
    }

    /** Every provider, with origin, probe and selection; duplicates by name are listed as unavailable. */
    List<BackendInfo> infos() { return List.copyOf(infos); }

    /** The provider name serving each device type that has one. */
    Map<Device.Type, String> selection() {
        Map<Device.Type, String> out = new EnumMap<>(Device.Type.class);
        selected.forEach((t, r) -> out.put(t, r.name()));
        return out;
    }

    /** Why a device type has no backend (forced backend unknown or unavailable, none available). */
    Map<Device.Type, String> selectionErrors() { return new EnumMap<>(selectionErrors); }

    /** Module-bound providers that could not be asked. */
    List<String> problems() { return List.copyOf(problems); }

    /** Names of the backends opened so far, as {@code name@device}, in opening order. */
    List<String> opened() {
        synchronized (lock) {
            return openOrder.stream().map(b -> b.name() + "@" + b.device()).toList();
        }
    }

    /** Closes every opened backend, last opened first; a failing close is logged and the rest still close. */
    void close() {
        List<Backend> toClose;
        synchronized (lock) {
            if (closed) return;
            closed = true;
            toClose = new ArrayList<>(openOrder).reversed();
            openOrder.clear();
            open.clear();
        }
        for (Backend b : toClose) {
            try {
                b.close();
            } catch (RuntimeException | LinkageError e) {
                log.warn("Closing backend '{}' failed: {}", b.name(), ProviderRecord.describe(e), e);
            }
        }
    }

    /** True once {@link #close()} ran. */
    boolean isClosed() { return closed; }
}
