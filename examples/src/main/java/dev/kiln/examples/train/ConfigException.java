package dev.kiln.examples.train;

/**
 * A training config that cannot run, found before any training starts. The message names the file, the
 * field (a dotted path such as {@code optimizer.args.lr} or {@code arch[2].type}) and the reason.
 */
public final class ConfigException extends IllegalArgumentException {
    private final String field;

    /**
     * @param source the config file, for the message
     * @param field  the dotted path of the field at fault
     * @param reason what is wrong and what would be valid
     */
    public ConfigException(String source, String field, String reason) {
        super(source + ": " + field + ": " + reason);
        this.field = field;
    }

    /** The dotted path of the field at fault, e.g. {@code arch[1].args.in_features}. */
    public String field() { return field; }
}
