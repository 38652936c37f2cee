package dev.kiln.data.datasets;

import java.util.Map;
import java.util.Set;

/** Checks a dataset factory's JSON arguments: names, types, and what is valid. */
final class DatasetArgs {
    private DatasetArgs() {}

    private static final Set<String> KNOWN = Set.of("root", "train", "download");

    static MnistDataset<?, ?> mnistFamily(String dataset, MnistDataset.Builder<?, ?> builder, Map<String, Object> args) {
        Map<String, Object> a = args == null ? Map.of() : args;
        for (String key : a.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new IllegalArgumentException(dataset + ": unknown argument '" + key
                        + "'; valid: root (string), train (boolean), download (boolean)");
            }
        }
        Object root = a.get("root");
        if (root != null && !(root instanceof String)) {
            throw new IllegalArgumentException(dataset + ": argument 'root' must be a string (a folder), got "
                    + root.getClass().getSimpleName() + " " + root);
        }
        if (root != null) builder.root((String) root);
        builder.train(bool(dataset, "train", a.get("train"), true));
        builder.download(bool(dataset, "download", a.get("download"), false));
        return builder.build();
    }

    private static boolean bool(String dataset, String name, Object v, boolean dflt) {
        if (v == null) return dflt;
        if (v instanceof Boolean b) return b;
        throw new IllegalArgumentException(dataset + ": argument '" + name + "' must be a boolean (true or false), got "
                + v.getClass().getSimpleName() + " " + v);
    }
}
