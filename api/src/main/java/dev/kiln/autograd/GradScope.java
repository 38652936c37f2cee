package dev.kiln.autograd;

/**
 * A scope that changes an autograd setting for the current thread until closed, for
 * try-with-resources: {@code try (var g = Kiln.noGrad()) { ... }} is PyTorch's {@code with torch.no_grad():}.
 * Closing restores the setting that was in force when the scope opened.
 */
public interface GradScope extends AutoCloseable {
    /** Restores the previous setting; closing twice has no further effect. */
    @Override
    void close();
}
