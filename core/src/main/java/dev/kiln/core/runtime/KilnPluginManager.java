package dev.kiln.core.runtime;

import dev.kiln.Kiln;
import org.pf4j.BasePluginRepository;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.DefaultPluginLoader;
import org.pf4j.DefaultPluginManager;
import org.pf4j.JarPluginLoader;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginFactory;
import org.pf4j.PluginLoader;
import org.pf4j.PluginRepository;
import org.pf4j.PluginWrapper;
import org.pf4j.PluginRuntimeException;
import org.pf4j.RuntimeMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PF4J over one plugins folder, in deployment mode whatever {@code pf4j.mode} says: plugin jars and
 * exploded plugin folders with a {@code MANIFEST.MF} descriptor (see {@link #isCandidate}). It remembers why a path could not
 * be loaded and why a plugin was refused, so the runtime can report it; PF4J itself only logs.
 *
 * <p>The system version is {@link Kiln#API_VERSION}. A plain {@code Plugin-Requires} version
 * {@code X.Y.Z} means "built against api X.Y.Z": it accepts an api that is at least that and
 * compatible with it (same major version; same minor version while the major is 0). Range
 * expressions ({@code >=0.1.0 & <0.3.0}) are passed to PF4J's version manager as written.
 */
final class KilnPluginManager extends DefaultPluginManager {
    private static final Logger log = LoggerFactory.getLogger(KilnPluginManager.class);
    private static final Pattern PLAIN = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    private final Map<Path, Throwable> loadFailures = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, String> refusals = new ConcurrentHashMap<>();

    KilnPluginManager(Path pluginsDir) {
        super(List.of(pluginsDir));
        setSystemVersion(Kiln.API_VERSION);
        // a plugin whose dependencies are missing is dropped, not the whole folder
        setResolveRecoveryStrategy(ResolveRecoveryStrategy.IGNORE_PLUGIN_AND_CONTINUE);
    }

    /** Every jar or folder in the plugins folder that PF4J considers. */
    List<Path> candidatePaths() {
        if (pluginsRoots.stream().noneMatch(Files::isDirectory)) return List.of();
        return pluginRepository.getPluginPaths();
    }

    @Override
    public RuntimeMode getRuntimeMode() {
        return RuntimeMode.DEPLOYMENT;
    }

    @Override
    protected PluginRepository createPluginRepository() {
        // jars and folders only: no unzipping into the plugins folder, no development layout
        return new BasePluginRepository(pluginsRoots, KilnPluginManager::isCandidate);
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new CompoundPluginLoader()
                .add(new JarPluginLoader(this))
                .add(new DefaultPluginLoader(this));
    }

    @Override
    protected PluginDescriptorFinder createPluginDescriptorFinder() {
        // one finder, so its own error ("Cannot find the manifest path", "Field 'id' cannot be empty") reaches us
        return new ManifestPluginDescriptorFinder() {
            @Override
            protected Manifest readManifest(Path pluginPath) {
                Manifest manifest = super.readManifest(pluginPath);
                if (manifest == null) throw new PluginRuntimeException("{} has no META-INF/MANIFEST.MF", pluginPath.getFileName());
                return manifest;
            }
        };
    }

    @Override
    protected PluginFactory createPluginFactory() {
        return new KilnPluginFactory();
    }

    /**
     * Loads every jar and folder of the plugins folder; unlike PF4J's own loop, any exception from
     * one path (a jar without a manifest fails with a NullPointerException inside PF4J) is recorded
     * for that path and the others still load. A missing folder loads nothing, quietly.
     */
    @Override
    public void loadPlugins() {
        if (pluginsRoots.stream().noneMatch(Files::isDirectory)) {
            log.debug("No plugins folder at {}: no plugins", pluginsRoots);
            return;
        }
        for (Path path : pluginRepository.getPluginPaths()) {
            try {
                loadPluginFromPath(path);
            } catch (RuntimeException | LinkageError e) {
                loadFailures.put(path, e);
                log.debug("Cannot load plugin {}", path, e);
            }
        }
        resolvePlugins();
    }

    /**
     * Stops the started plugins, last started first. PF4J 3.15's own loop iterates the started list
     * while stopping removes from it (ConcurrentModificationException after the first plugin); a
     * plugin whose {@code stop()} throws is logged and the others still stop.
     */
    @Override
    public void stopPlugins() {
        List<PluginWrapper> started = new ArrayList<>(getStartedPlugins());
        Collections.reverse(started);
        for (PluginWrapper plugin : started) {
            try {
                stopPlugin(plugin.getPluginId());
            } catch (RuntimeException | LinkageError e) {
                log.warn("Stopping plugin '{}' failed: {}", plugin.getPluginId(), ProviderRecord.describe(e), e);
            }
        }
    }

    @Override
    protected boolean isPluginValid(PluginWrapper plugin) {
        String requires = plugin.getDescriptor().getRequires();
        String constraint = constraintFor(requires);
        boolean ok;
        try {
            ok = constraint.isEmpty() || getVersionManager().checkVersionConstraint(getSystemVersion(), constraint);
        } catch (RuntimeException e) {
            refusals.put(plugin.getPluginId(), "Plugin-Requires '" + requires + "' is not a version or range: " + e.getMessage());
            return false;
        }
        if (!ok) {
            refusals.put(plugin.getPluginId(), "built for kiln api " + requires.trim() + " (accepts " + constraint
                    + "), but this runtime provides api " + getSystemVersion());
        }
        return ok;
    }

    /** Paths PF4J could not load as plugins, with the error. */
    Map<Path, Throwable> loadFailures() {
        synchronized (loadFailures) {
            return Map.copyOf(loadFailures);
        }
    }

    /** Why a loaded plugin was refused (api version), by plugin id. */
    Map<String, String> refusals() { return Map.copyOf(refusals); }

    /**
     * The version constraint a {@code Plugin-Requires} value stands for: empty for none or {@code *},
     * a compatible range for a plain version, the text itself for an expression.
     */
    static String constraintFor(String requires) {
        String r = requires == null ? "" : requires.trim();
        if (r.isEmpty() || r.equals("*")) return "";
        Matcher m = PLAIN.matcher(r);
        if (!m.matches()) return r;
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        String upper = major > 0 ? (major + 1) + ".0.0" : "0." + (minor + 1) + ".0";
        return ">=" + r + " & <" + upper;
    }

    /**
     * A jar file, or a folder laid out as an exploded plugin ({@code META-INF/MANIFEST.MF} or
     * {@code classes/META-INF/MANIFEST.MF}); other files and folders (a source tree, notes) are not
     * plugin candidates and are not reported.
     */
    private static boolean isCandidate(File f) {
        if (f.isHidden() || f.getName().startsWith(".")) return false;
        if (f.isFile()) return f.getName().toLowerCase(java.util.Locale.ROOT).endsWith(".jar");
        return f.isDirectory() && (new File(f, "META-INF/MANIFEST.MF").isFile()
                || new File(f, "classes/META-INF/MANIFEST.MF").isFile());
    }
}
