package dev.kiln.core.runtime;

import dev.kiln.KilnRuntime.FactoryInfo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The named factories of one kind (layers, optimizers or datasets) after resolving duplicate names:
 * the first one found wins (class path before plugins, plugins in load order), so a pack that is both
 * on the class path and in the plugins folder serves from the class path, where user code's
 * {@code new Linear(...)} also comes from. The others stay listed, marked inactive.
 *
 * @param active the factory serving each name, sorted by name
 * @param infos  every factory found, active or shadowed, in discovery order
 * @param <T>    the factory type
 */
record NamedFactories<T>(Map<String, T> active, List<FactoryInfo> infos) {

    /** Resolves {@code records} of the kind called {@code kind} ("layer", "optimizer", "dataset"). */
    static <T> NamedFactories<T> resolve(String kind, List<FactoryRecord<T>> records) {
        Map<String, T> active = new TreeMap<>();
        List<FactoryInfo> infos = new ArrayList<>();
        for (FactoryRecord<T> r : records) {
            boolean first = !active.containsKey(r.name());
            if (first) active.put(r.name(), r.factory());
            infos.add(new FactoryInfo(kind, r.name(), r.origin(), first));
        }
        return new NamedFactories<>(Collections.unmodifiableMap(active), List.copyOf(infos));
    }
}
