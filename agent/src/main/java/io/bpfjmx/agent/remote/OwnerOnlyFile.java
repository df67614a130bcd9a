package io.bpfjmx.agent.remote;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;

/**
 * A file the connector's security rests on (passwords, roles, the key store's password), read only when no one
 * but its owner may read or change it, as the JDK's own connector insists for its password file: whoever can read
 * it can log in, whoever can change it can give themselves a role.
 */
final class OwnerOnlyFile {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private OwnerOnlyFile() {}

    /**
     * The file's text.
     *
     * @param option the agent option that named it, for the message
     * @throws IllegalArgumentException naming the file and the option when it is missing, unreadable, or open to
     *                                  its group or others, with the fix
     */
    static String read(Path file, String option) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(OTHERS::contains)) {
                throw new IllegalArgumentException("the file " + file + " (agent option " + option + ") has the "
                        + "permissions " + PosixFilePermissions.toString(permissions) + ": its group or others may "
                        + "use it; only its owner may: chmod 600 " + file);
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no file " + file + " (agent option " + option + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the file " + file + " (agent option " + option + "): "
                    + e + "; it must be readable by the JVM's user and by no one else (chmod 600)");
        }
    }

    /**
     * The {@code <user> <value>} lines of such a file's text, read as the JDK reads its {@code jmxremote} files
     * (a {@link Properties} file: {@code #} comments, blank lines skipped).
     *
     * @param what the file, for the message, e.g. {@code the access file /etc/x (agent option jmxAccessFile)}
     * @param form what a line holds, e.g. {@code <user> <role>}
     */
    static Properties userLines(String text, String what, String form) {
        Properties lines = new Properties();
        try {
            lines.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not '" + form + "' lines: " + e.getMessage());
        }
        return lines;
    }
}
