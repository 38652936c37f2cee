/**
 * Optimizers ({@code torch.optim}): the {@link dev.kiln.optim.Optimizer} base class with parameter groups
 * ({@link dev.kiln.optim.ParamGroup}), per-parameter state and a PyTorch-shaped state dict; the
 * {@link dev.kiln.optim.OptimizerFactory} extension point that makes an optimizer by name from torch's
 * keyword arguments; and {@link dev.kiln.optim.Updates}, the update steps core runs fused (when the
 * backend offers a kernel) or composed from tensor ops.
 *
 * <p>The optimizers themselves ({@code SGD}, {@code RMSprop}, {@code Adam}, {@code AdamW}) live in the
 * optimizer pack (artifact {@code kiln-optim}, same package name): a Maven artifact and a PF4J plugin.
 *
 * <p>Choices where PyTorch leaves room:
 * <ul>
 *   <li>{@code zeroGrad()} clears gradients ({@code set_to_none=True}, PyTorch 2's default);
 *       {@code zeroGrad(false)} zeroes them in place.</li>
 *   <li>Fluent setters ({@code .momentum(0.9)}) change the defaults and every group that did not set the
 *       option explicitly. They check their own value at once; rules across options (nesterov needs momentum
 *       and zero dampening) are checked by {@link dev.kiln.optim.Optimizer#validate()}, at each
 *       {@code step()}, and by the factories, so the setters may come in any order.</li>
 *   <li>Messages are PyTorch's, prefixed with the optimizer's name: {@code SGD: Invalid learning rate: -1.0}.</li>
 *   <li>{@code step} in the state is a {@link java.lang.Long} (PyTorch keeps a 0-d tensor); a loaded state
 *       dict may give it as any number or a one-element tensor.</li>
 *   <li>A group added with an option the optimizer does not have is refused (PyTorch silently keeps it).</li>
 * </ul>
 */
package dev.kiln.optim;
