package io.bpfjmx.client;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.attribute.PosixFilePermission.GROUP_WRITE;
import static java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The agent jar that bpfjmx.jar carries, as a file a target JVM can load: {@code bpfjmx-agent-<digest>.jar} in a
 * directory of this user's under the temporary directory, written once per content and then reused. It stays there:
 * the agent reads its own jar for as long as the JVM runs.
 */
final class AgentJar {
    static final String RESOURCE = "/bpfjmx-agent.jar";
    private static final String OTHER_DIRECTORY = "choose another temporary directory: "
            + "BPFJMX_JAVA_OPTS=-Djava.io.tmpdir=DIR bpfjmx attach ...";

    private AgentJar() {}

    static Path extract() {
        byte[] jar = read();
        try {
            Path directory = directory();
            Path file = directory.resolve("bpfjmx-agent-" + HexFormat.of().formatHex(sha256(jar), 0, 8) + ".jar");
            if (!Files.isRegularFile(file, NOFOLLOW_LINKS)) {
                Path partial = Files.createTempFile(directory, "bpfjmx-agent-", ".partial");
                Files.write(partial, jar);
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-r--r--"));
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return file;
        } catch (IOException e) {
            throw new CliException(ExitCode.CANNOT_CONNECT, "cannot write the agent jar to "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), OTHER_DIRECTORY, null, e);
        }
    }

    private static byte[] read() {
        try (InputStream jar = AgentJar.class.getResourceAsStream(RESOURCE)) {
            if (jar == null) {
                throw new CliException(ExitCode.FAILURE, "this bpfjmx carries no agent jar (" + RESOURCE + ")",
                        "build it with ./mvnw -pl jmx-client -am package and run jmx-client/target/bpfjmx");
            }
            return jar.readAllBytes();
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, "cannot read " + RESOURCE + " from bpfjmx.jar: " + e, null,
                    null, e);
        }
    }

    /**
     * {@code bpfjmx-<user>}: created readable by all (a target JVM may run as another user when root attaches),
     * and used only if it is this user's own directory that no one else can write to.
     */
    private static Path directory() throws IOException {
        String user = System.getProperty("user.name");
        Path directory = Path.of(System.getProperty("java.io.tmpdir"), "bpfjmx-" + user);
        try {
            Files.createDirectory(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (FileAlreadyExistsException e) {
            // checked below, like a new one
        }
        PosixFileAttributes attributes = Files.readAttributes(directory, PosixFileAttributes.class, NOFOLLOW_LINKS);
        if (!attributes.isDirectory() || !attributes.owner().getName().equals(user)
                || attributes.permissions().contains(GROUP_WRITE) || attributes.permissions().contains(OTHERS_WRITE)) {
            throw new CliException(ExitCode.CANNOT_CONNECT, directory + " is not a directory of " + user
                    + " that only " + user + " can write to: not loading an agent from there", OTHER_DIRECTORY);
        }
        return directory;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
