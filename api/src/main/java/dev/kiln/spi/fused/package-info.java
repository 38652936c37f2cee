/**
 * Optional fused kernels a backend may offer through {@link dev.kiln.spi.Backend#fused(Class)} and
 * declare in {@link dev.kiln.spi.Capabilities#fused()}. Each one computes a composite op that core
 * otherwise composes from the primitive kernels; core uses it when offered, and the TCK checks it
 * against the composed form.
 *
 * <p>Every method returns {@code true} when it computed the result and {@code false} when it declines
 * this particular call (a dtype or a layout it does not handle); core then runs the composed form.
 * A kernel that declines must not have written anything. Views arrive validated, as for primitives.
 */
package dev.kiln.spi.fused;
