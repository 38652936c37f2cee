package dev.kiln.data;

/**
 * One sample of a supervised dataset: the tuple {@code (input, target)} a PyTorch dataset returns.
 *
 * @param input  the model's input (an image tensor, a feature vector, ...)
 * @param target what the model should predict (a class index as {@code Long}, a tensor, ...); may be
 *               {@code null} for unlabelled data
 * @param <X>    the input type
 * @param <Y>    the target type
 */
public record Sample<X, Y>(X input, Y target) {
    /**
     * A sample of {@code input} and {@code target}.
     *
     * @param input  the input
     * @param target the target
     * @param <X>    the input type
     * @param <Y>    the target type
     * @return the sample
     */
    public static <X, Y> Sample<X, Y> of(X input, Y target) { return new Sample<>(input, target); }

    /**
     * This sample with {@code transform} applied to the input and {@code targetTransform} to the
     * target; a {@code null} transform leaves its side as it is.
     *
     * @param transform       applied to the input, or {@code null}
     * @param targetTransform applied to the target, or {@code null}
     * @param <A>             the new input type
     * @param <B>             the new target type
     * @return a new sample
     */
    @SuppressWarnings("unchecked")
    public <A, B> Sample<A, B> map(Transform<? super X, ? extends A> transform,
                                   Transform<? super Y, ? extends B> targetTransform) {
        A a = transform == null ? (A) input : transform.apply(input);
        B b = targetTransform == null ? (B) target : targetTransform.apply(target);
        return new Sample<>(a, b);
    }
}
