package dev.kiln.core.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Python dict literal of a {@code .npy} header, e.g.
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}: string keys; values that
 * are strings, {@code True}/{@code False}, or tuples/lists of non-negative integers (a Python 2
 * {@code L} suffix allowed). Nothing is evaluated; anything else is an error with its position.
 */
final class PyDictLiteral {
    private final String text;
    private int pos;

    private PyDictLiteral(String text) {
        this.text = text;
    }

    /** A parse failure; the message says what was expected where. */
    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message);
        }
    }

    /**
     * The entries in source order: values are {@link String}, {@link Boolean} or {@code long[]}.
     * Only whitespace may follow the closing brace.
     */
    static Map<String, Object> parse(String text) throws SyntaxError {
        PyDictLiteral p = new PyDictLiteral(text);
        Map<String, Object> out = p.dict();
        p.skipSpace();
        if (p.pos != text.length()) throw p.error("nothing but whitespace after the closing '}'");
        return out;
    }

    private Map<String, Object> dict() throws SyntaxError {
        skipSpace();
        expect('{');
        Map<String, Object> out = new LinkedHashMap<>();
        skipSpace();
        while (peek() != '}') {
            int keyAt = pos;
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            Object value = value();
            if (out.put(key, value) != null) {
                pos = keyAt;
                throw error("no duplicate key '" + key + "'");
            }
            skipSpace();
            if (peek() == ',') {
                pos++;
                skipSpace();
            } else if (peek() != '}') {
                throw error("',' or '}'");
            }
        }
        pos++;
        return out;
    }

    private Object value() throws SyntaxError {
        char c = peek();
        if (c == '\'' || c == '"') return string();
        if (c == '(' || c == '[') return integers(c == '(' ? ')' : ']');
        if (text.startsWith("True", pos)) {
            pos += 4;
            return Boolean.TRUE;
        }
        if (text.startsWith("False", pos)) {
            pos += 5;
            return Boolean.FALSE;
        }
        throw error("a string, True, False or a tuple of integers");
    }

    private long[] integers(char close) throws SyntaxError {
        pos++;
        List<Long> values = new ArrayList<>();
        skipSpace();
        while (peek() != close) {
            values.add(integer());
            skipSpace();
            if (peek() == ',') {
                pos++;
                skipSpace();
            } else if (peek() != close) {
                throw error("',' or '" + close + "'");
            }
        }
        pos++;
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) out[i] = values.get(i);
        return out;
    }

    private long integer() throws SyntaxError {
        int start = pos;
        if (peek() == '-') pos++;
        int digitsAt = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 128) pos++;
        if (pos == digitsAt) {
            pos = start;
            throw error("an integer");
        }
        String digits = text.substring(start, pos);
        if (pos < text.length() && (text.charAt(pos) == 'L' || text.charAt(pos) == 'l')) pos++;
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            pos = start;
            throw error("an integer that fits in 64 bits, not " + digits);
        }
    }

    private String string() throws SyntaxError {
        char quote = peek();
        if (quote != '\'' && quote != '"') throw error("a quoted string");
        int start = ++pos;
        while (pos < text.length() && text.charAt(pos) != quote) {
            if (text.charAt(pos) == '\\' || text.charAt(pos) == '\n') throw error("a plain string without escapes");
            pos++;
        }
        if (pos >= text.length()) throw error("the closing " + quote);
        return text.substring(start, pos++);
    }

    private void skipSpace() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t'
                || text.charAt(pos) == '\n' || text.charAt(pos) == '\r')) pos++;
    }

    private char peek() throws SyntaxError {
        if (pos >= text.length()) throw error("more text (the header ends early)");
        return text.charAt(pos);
    }

    private void expect(char c) throws SyntaxError {
        if (peek() != c) throw error("'" + c + "'");
        pos++;
    }

    private SyntaxError error(String expected) {
        String near = pos >= text.length() ? "end of header"
                : "'" + text.substring(pos, Math.min(text.length(), pos + 20)).replace("\n", "\\n") + "'";
        return new SyntaxError("expected " + expected + " at offset " + pos + " of the header dict, found " + near);
    }
}
