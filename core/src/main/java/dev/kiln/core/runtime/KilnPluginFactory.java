package dev.kiln.core.runtime;

import org.pf4j.Plugin;
import org.pf4j.PluginFactory;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginWrapper;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/**
 * Creates a plugin's {@code Plugin-Class} (a plain {@link Plugin} when none is declared), failing
 * with the reason where PF4J's default factory logs and returns null. The failure surfaces when the
 * plugin starts, which marks it FAILED with this exception.
 */
final class KilnPluginFactory implements PluginFactory {

    @Override
    public Plugin create(PluginWrapper wrapper) {
        String className = wrapper.getDescriptor().getPluginClass();
        if (className == null || className.isBlank() || className.equals(Plugin.class.getName())) {
            return new Plugin();
        }
        Class<?> type;
        try {
            type = wrapper.getPluginClassLoader().loadClass(className);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new PluginRuntimeException(e, "Plugin-Class {} cannot be loaded: {}", className, ProviderRecord.describe(e));
        }
        if (!Plugin.class.isAssignableFrom(type) || Modifier.isAbstract(type.getModifiers())) {
            throw new PluginRuntimeException("Plugin-Class {} is not a concrete subclass of org.pf4j.Plugin", className);
        }
        try {
            try {
                return (Plugin) type.getConstructor(PluginWrapper.class).newInstance(wrapper);
            } catch (NoSuchMethodException e) {
                return (Plugin) type.getConstructor().newInstance();
            }
        } catch (InvocationTargetException e) {
            throw new PluginRuntimeException(e.getCause(), "Plugin-Class {} constructor threw {}", className,
                    ProviderRecord.describe(e.getCause()));
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new PluginRuntimeException(e, "Plugin-Class {} cannot be instantiated: {}", className, ProviderRecord.describe(e));
        }
    }
}
