package dev.kiln.tck.run;

import dev.kiln.tck.golden.GoldenCase.TensorData;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a trial must produce: the output, and the gradient of each named input. A null gradient
 * means that input's {@code .grad} must stay None.
 *
 * @param output the output's dtype, shape and values
 * @param grads  input name to its gradient's truth (the values; the dtype a gradient must have is its leaf's)
 */
public record Truth(TensorData output, Map<String, TensorData> grads) {
    public Truth {
        grads = Collections.unmodifiableMap(new LinkedHashMap<>(grads));
    }

    /** A measured run taken as the truth (the cross-backend comparison takes the reference backend's). */
    public static Truth of(Measured m) {
        return new Truth(m.output(), m.grads());
    }
}
