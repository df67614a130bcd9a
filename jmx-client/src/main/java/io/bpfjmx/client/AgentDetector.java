package io.bpfjmx.client;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;

/**
 * Whether a JVM has the bpfjmx agent, found without touching the JVM: the agent keeps its jar open for the JVM's
 * lifetime, so one of the process's open files ({@code /proc/PID/fd}) is a jar holding the agent's bootstrap
 * class, whatever the jar is called and however the agent came in ({@code -javaagent} or attach).
 */
final class AgentDetector {
    private static final String BOOTSTRAP = "io/bpfjmx/agent/bootstrap/AgentBootstrap.class";
    /** Jars already looked into, by path: JVMs often share their jars. */
    private final Map<String, Boolean> agentJars = new HashMap<>();

    /** Empty when this user may not look into the process (another user's JVM, unless root). */
    Optional<Boolean> hasAgent(long pid) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                String file = target(fd);
                if (file.endsWith(".jar") || file.endsWith(".jar (deleted)")) {
                    if (agentJars.computeIfAbsent(file, name -> isAgentJar(fd))) {
                        return Optional.of(true);
                    }
                }
            }
            return Optional.of(false);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return ""; // closed meanwhile
        }
    }

    private static boolean isAgentJar(Path fd) {
        try (JarFile jar = new JarFile(fd.toFile(), false)) {
            return jar.getEntry(BOOTSTRAP) != null;
        } catch (IOException e) {
            return false;
        }
    }
}
