package io.bpfjmx.libbpf.btf;

import io.bpfjmx.libbpf.RejectedMapRequestException;

/**
 * A typed value that does not fit its BTF type, refused before any byte reaches the kernel. The message names the
 * JSON path of the field ({@code .range.lo}, {@code .labels[1]}), what was given and what was expected, e.g.
 * {@code 256 does not fit .labels[1], a __u8 (0 to 255)}.
 */
public final class TypedValueException extends RejectedMapRequestException {
    private final String given;
    private final String problem;
    private final String expected;
    private final String path;
    private final String subject;

    /**
     * @param given what the caller gave, as JSON ({@code 256}, {@code "PURPLE"}), or null when the problem is not
     *     one value (a missing member)
     * @param problem what is wrong, e.g. {@code does not fit}
     * @param expected the type and what it takes, e.g. {@code a __u8 (0 to 255)}
     */
    TypedValueException(String given, String problem, String expected) {
        this(given, problem, expected, "", null);
    }

    private TypedValueException(String given, String problem, String expected, String path, String subject) {
        super(Reason.TYPED_VALUE, message(given, problem, expected, path, subject));
        this.given = given;
        this.problem = problem;
        this.expected = expected;
        this.path = path;
        this.subject = subject;
    }

    /** The same problem, one level further out: {@code segment} is {@code .name} or {@code [i]}. */
    TypedValueException within(String segment) {
        return new TypedValueException(given, problem, expected, segment + path, subject);
    }

    /** The same problem, said of a whole key or value of a map: {@code value of map 'flows': …}. */
    TypedValueException of(String what) {
        return new TypedValueException(given, problem, expected, path, what);
    }

    /** The JSON path of the field, e.g. {@code .range.lo}; empty for the whole key or value. */
    public String path() {
        return path;
    }

    private static String message(String given, String problem, String expected, String path, String subject) {
        String where = path.isEmpty() ? (subject == null ? "the value" : "it") : path;
        String text = (given == null ? "" : given + " ") + problem + " " + where + ", " + expected;
        return subject == null ? text : subject + ": " + text;
    }
}
