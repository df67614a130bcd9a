package io.bpfjmx.agent.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Copies of what a JVM run as an unprivileged user ({@link HostJvm.Builder#runAs}) reads: the agent jar, a host
 * application's class, BPF objects. The checkout, and JUnit's {@code @TempDir} (mode 0700), may sit where that user
 * cannot read; these copies sit in a directory of mode 0755 under the first temporary directory whose every parent
 * anyone may enter ({@code java.io.tmpdir}, {@code /tmp}, {@code /var/tmp}). Closing deletes them.
 */
final class WorldReadableCopies implements AutoCloseable {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r--r--");

    private final Path directory;

    private WorldReadableCopies(Path directory) {
        this.directory = directory;
    }

    static WorldReadableCopies create() {
        List<Path> candidates = Stream.of(System.getProperty("java.io.tmpdir"), "/tmp", "/var/tmp")
                .map(Path::of).filter(Files::isDirectory).toList();
        for (Path parent : candidates) {
            if (enterableByAnyone(parent)) {
                try {
                    Path directory = Files.createTempDirectory(parent, "bpfjmx-it-");
                    Files.setPosixFilePermissions(directory, DIRECTORY);
                    return new WorldReadableCopies(directory);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot make a directory in " + parent, e);
                }
            }
        }
        throw new IllegalStateException("no temporary directory that every user may enter among " + candidates
                + "; an unprivileged JVM could not read the agent jar there");
    }

    /** {@code file}, copied into this directory under its own name (once), readable by anyone. */
    Path copy(Path file) {
        return copy(file, directory.resolve(file.getFileName()));
    }

    /**
     * The class file of {@code type} copied under {@code classes/} as its package says, for a class path.
     *
     * @return the {@code classes} folder
     */
    Path copyClass(Class<?> type) {
        String relative = type.getName().replace('.', '/') + ".class";
        copy(ItPaths.locationOf(type).resolve(relative), directory.resolve("classes").resolve(relative));
        return directory.resolve("classes");
    }

    private Path copy(Path source, Path target) {
        if (Files.exists(target)) {
            return target;
        }
        try {
            for (Path dir = target.getParent(); !dir.equals(directory); dir = dir.getParent()) {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, DIRECTORY);
            }
            Files.copy(source, target);
            Files.setPosixFilePermissions(target, FILE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + target, e);
        }
    }

    private static boolean enterableByAnyone(Path directory) {
        try {
            for (Path dir = directory.toRealPath(); dir != null; dir = dir.getParent()) {
                if (!Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
