package dev.kiln.tck.golden;

/**
 * A golden case file does not parse or breaks schema {@code golden/1}. The message names the
 * source, the offending field (a path such as {@code inputs[1].shape}) and the problem.
 */
public final class GoldenSchemaException extends Exception {
    private final String source;
    private final String field;

    public GoldenSchemaException(String source, String field, String problem) {
        super(source + ": " + (field.isEmpty() ? "" : field + ": ") + problem);
        this.source = source;
        this.field = field;
    }

    /** The file or resource. */
    public String source() { return source; }

    /** The offending field's path, or empty when the file as a whole is bad (e.g. not JSON). */
    public String field() { return field; }
}
