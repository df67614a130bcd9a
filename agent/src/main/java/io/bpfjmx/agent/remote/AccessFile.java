package io.bpfjmx.agent.remote;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The users of bpfjmx's own JMX connector and their {@link Role}s, one line each in the spirit of the JDK's
 * {@code jmxremote.access}: {@code <user> read}, {@code <user> write} or {@code <user> write maps=<map>:<map>};
 * {@code #} starts a comment. Read as {@link Properties}, as the JDK reads its own files.
 */
final class AccessFile {
    private final Path file;
    private final Map<String, Role> roles;

    private AccessFile(Path file, Map<String, Role> roles) {
        this.file = file;
        this.roles = roles;
    }

    /** @throws IllegalArgumentException naming the file, the user and what is wrong on its line */
    static AccessFile parse(Path file, String text) {
        Properties lines = OwnerOnlyFile.userLines(text, "the access file " + file + " (agent option jmxAccessFile)",
                "<user> <role>");
        Map<String, Role> roles = new TreeMap<>();
        for (String user : lines.stringPropertyNames()) {
            try {
                roles.put(user, Role.parse(lines.getProperty(user)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the access file " + file + " (agent option jmxAccessFile) "
                        + "gives user '" + user + "' " + e.getMessage());
            }
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("the access file " + file + " (agent option jmxAccessFile) gives no "
                    + "user a role; write lines like 'ops write' or 'viewer read'");
        }
        return new AccessFile(file, roles);
    }

    /** The role of {@code user}, or null when the file gives it none. */
    Role roleOf(String user) {
        return roles.get(user);
    }

    Path file() {
        return file;
    }
}
