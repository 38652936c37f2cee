package dev.kiln.core.runtime;

/** An extension could not be loaded, created or asked; the message names the class and the reason. */
final class ExtensionException extends RuntimeException {
    ExtensionException(String message) { super(message); }

    ExtensionException(String message, Throwable cause) { super(message, cause); }
}
