package dev.kiln.data.transforms;

import dev.kiln.data.Transform;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * torchvision's {@code Compose}: transforms applied one after the other,
 * {@code Compose.of(new ToTensor(), new Normalize(0.5, 0.5))}. Prints as torchvision does.
 *
 * @param <A> what the first transform takes
 * @param <B> what the last gives
 */
public final class Compose<A, B> implements Transform<A, B> {
    private final List<Transform<Object, Object>> steps;

    private Compose(List<Transform<Object, Object>> steps) { this.steps = List.copyOf(steps); }

    /**
     * Transforms of one type applied in order.
     *
     * @param transforms the transforms, at least one
     * @param <T>        the type they take and give
     * @return the composition
     */
    @SafeVarargs
    @SuppressWarnings("unchecked")
    public static <T> Compose<T, T> of(Transform<T, T>... transforms) {
        if (transforms.length == 0) throw new IllegalArgumentException("Compose: needs at least one transform");
        List<Transform<Object, Object>> list = new ArrayList<>();
        for (Transform<T, T> t : transforms) list.add((Transform<Object, Object>) Objects.requireNonNull(t, "transform"));
        return new Compose<>(list);
    }

    /**
     * A composition that starts with {@code first}.
     *
     * @param first the first transform
     * @param <A>   what it takes
     * @param <B>   what it gives
     * @return the composition
     */
    @SuppressWarnings("unchecked")
    public static <A, B> Compose<A, B> first(Transform<A, B> first) {
        return new Compose<>(List.of((Transform<Object, Object>) Objects.requireNonNull(first, "first")));
    }

    /**
     * This composition followed by {@code next}.
     *
     * @param next applied to this composition's result
     * @param <C>  its result type
     * @return a new composition
     */
    @SuppressWarnings("unchecked")
    public <C> Compose<A, C> then(Transform<? super B, ? extends C> next) {
        List<Transform<Object, Object>> list = new ArrayList<>(steps);
        list.add((Transform<Object, Object>) Objects.requireNonNull(next, "next"));
        return new Compose<>(list);
    }

    @Override
    @SuppressWarnings("unchecked")
    public B apply(A value) {
        Object v = value;
        for (Transform<Object, Object> t : steps) v = t.apply(v);
        return (B) v;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Compose(\n");
        for (Transform<?, ?> t : steps) sb.append("    ").append(t).append('\n');
        return sb.append(')').toString();
    }
}
