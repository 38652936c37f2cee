package dev.kiln.data;

import java.util.Objects;

/**
 * A function applied to every sample's input ({@code transform}) or target ({@code target_transform}),
 * as torchvision's transforms. Implementations must be safe to call from several threads at once
 * (DataLoader workers share them), which a stateless transform is.
 *
 * @param <A> what the transform takes
 * @param <B> what it gives
 */
@FunctionalInterface
public interface Transform<A, B> {
    /**
     * Transforms one value.
     *
     * @param value the input or target of one sample
     * @return the transformed value
     */
    B apply(A value);

    /**
     * This transform followed by {@code next} ({@code Compose([this, next])}).
     *
     * @param next applied to this transform's result
     * @param <C>  the final type
     * @return the composition
     */
    default <C> Transform<A, C> andThen(Transform<? super B, ? extends C> next) {
        Objects.requireNonNull(next, "next");
        return value -> next.apply(apply(value));
    }

    /**
     * The identity transform.
     *
     * @param <T> the value type
     * @return a transform that returns its argument
     */
    static <T> Transform<T, T> identity() { return value -> value; }
}
