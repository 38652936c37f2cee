package dev.kiln.data.transforms;

import dev.kiln.data.Transform;

import java.util.Objects;

/**
 * torchvision's {@code Lambda}: any function as a transform, e.g. the tutorial's one-hot target
 * {@code new Lambda<Long, Tensor>(y -> Tensor.zeros(10).scatter_(0, Tensor.of(y), 1))}.
 *
 * @param <A> what the function takes
 * @param <B> what it gives
 */
public final class Lambda<A, B> implements Transform<A, B> {
    private final Transform<A, B> fn;

    /**
     * Wraps {@code fn}.
     *
     * @param fn the function; it must be safe to call from several threads
     */
    public Lambda(Transform<A, B> fn) { this.fn = Objects.requireNonNull(fn, "fn"); }

    @Override
    public B apply(A value) { return fn.apply(value); }

    @Override
    public String toString() { return "Lambda()"; }
}
