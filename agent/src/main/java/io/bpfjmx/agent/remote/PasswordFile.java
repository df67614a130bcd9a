package io.bpfjmx.agent.remote;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The users of bpfjmx's own JMX connector and their passwords, in the format of the JDK's
 * {@code jmxremote.password}: {@code <user> <password>} per line, {@code #} starts a comment; read as
 * {@link Properties}, as the JDK reads it.
 */
final class PasswordFile {
    /** Compared with when the user is unknown, so that a wrong user takes as long as a wrong password. */
    private static final byte[] NO_PASSWORD = new byte[32];

    private final Map<String, byte[]> passwords;

    private PasswordFile(Map<String, byte[]> passwords) {
        this.passwords = passwords;
    }

    /** @throws IllegalArgumentException naming the file when it is malformed or names no user */
    static PasswordFile parse(Path file, String text) {
        Properties lines = OwnerOnlyFile.userLines(text, "the password file " + file + " (agent option "
                + "jmxPasswordFile)", "<user> <password>");
        Map<String, byte[]> passwords = new HashMap<>();
        for (String user : lines.stringPropertyNames()) {
            passwords.put(user, lines.getProperty(user).getBytes(StandardCharsets.UTF_8));
        }
        if (passwords.isEmpty()) {
            throw new IllegalArgumentException("the password file " + file + " (agent option jmxPasswordFile) names "
                    + "no user; write lines like 'ops s3cret'");
        }
        return new PasswordFile(passwords);
    }

    boolean has(String user) {
        return passwords.containsKey(user);
    }

    /** Whether {@code password} is {@code user}'s, compared in time that does not depend on where they differ. */
    boolean matches(String user, String password) {
        byte[] expected = passwords.get(user);
        boolean same = MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8),
                expected == null ? NO_PASSWORD : expected);
        return expected != null && same;
    }
}
