package dev.kiln.tck.run;

import dev.kiln.DType;
import dev.kiln.tck.golden.GoldenCase.TensorData;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one run of a {@link Trial} produced, read back to the host.
 *
 * @param output     the op's result
 * @param backward   whether a backward ran
 * @param grads      the {@code .grad} of every leaf that requires grad, by input name in positional order; a null
 *                   value where backward did not reach that leaf
 * @param leafDtypes the dtype of every leaf that requires grad (a gradient must have its leaf's dtype)
 */
public record Measured(TensorData output, boolean backward, Map<String, TensorData> grads, Map<String, DType> leafDtypes) {
    public Measured {
        grads = Collections.unmodifiableMap(new LinkedHashMap<>(grads));
        leafDtypes = Collections.unmodifiableMap(new LinkedHashMap<>(leafDtypes));
    }
}
