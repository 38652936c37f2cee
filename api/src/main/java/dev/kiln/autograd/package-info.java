/**
 * Autograd's public face: graph nodes ({@link dev.kiln.autograd.GradFn}), grad-mode scopes and
 * hook handles. The graph itself is recorded by kiln-core as ops run; see
 * {@code Tensor.backward()} and {@code Kiln.grad(...)}.
 */
package dev.kiln.autograd;
