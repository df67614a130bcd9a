package io.bpfjmx.libbpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibBpfLibraryTest {
    private static final String HINT = "install it (Debian/Ubuntu: apt-get install libbpf1; Fedora/RHEL: dnf install "
            + "libbpf) or give the path of a libbpf.so.1 of version 0.8 or later in the system property bpfjmx.libbpf "
            + "(agent option libbpf=)";

    @Test
    void findsTheSystemsLibbpf() {
        assertThat(LibBpfLibrary.version()).matches("v\\d+\\.\\d+");
        assertThat(LibBpfLibrary.loadedFrom()).isEqualTo("libbpf.so.1");
    }

    @Test
    void aMissingPathSaysWhatToInstall() {
        assertThatThrownBy(() -> LibBpfLibrary.load(Path.of("/nonexistent/libbpf.so.1")))
                .isInstanceOf(LibBpfUnavailableException.class)
                .hasMessage("libbpf not found at /nonexistent/libbpf.so.1 (no such readable file); " + HINT);
    }

    @Test
    void aLibbpfOlderThanEightIsRefused(@TempDir Path dir) throws Exception {
        Path old = compile(dir, "libbpf-0.5.so", "int libbpf_major_version(void) { return 0; }\n"
                + "int libbpf_minor_version(void) { return 5; }\n");
        assertThatThrownBy(() -> LibBpfLibrary.bind(old.toString()))
                .isInstanceOf(LibBpfUnavailableException.class)
                .hasMessage("libbpf at " + old + " is version 0.5; bpfjmx needs 0.8 or later: " + HINT);
    }

    @Test
    void aLibbpfWithoutVersionFunctionsIsOlderThanSix(@TempDir Path dir) throws Exception {
        Path ancient = compile(dir, "libbpf-0.4.so", "int bpf_object__load(void *o) { return 0; }\n");
        assertThatThrownBy(() -> LibBpfLibrary.bind(ancient.toString()))
                .isInstanceOf(LibBpfUnavailableException.class)
                .hasMessage("libbpf at " + ancient + " is older than 0.6 (it has no libbpf_major_version); bpfjmx needs 0.8 or "
                        + "later: " + HINT);
    }

    @Test
    void anotherLibbpfCannotReplaceTheLoadedOne(@TempDir Path dir) throws Exception {
        LibBpfLibrary.ensureLoaded();
        Path other = compile(dir, "libbpf.so.1", "int libbpf_major_version(void) { return 1; }\n");
        assertThatThrownBy(() -> LibBpfLibrary.load(other))
                .isInstanceOf(LibBpfUnavailableException.class)
                .hasMessage("libbpf is already loaded from libbpf.so.1; cannot switch to " + other + " in the same JVM");
    }

    /** A stand-in shared library, built with the system's C compiler. */
    private static Path compile(Path dir, String name, String source) throws Exception {
        Path c = Files.writeString(dir.resolve(name + ".c"), source);
        Path library = dir.resolve(name);
        Process gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-o", library.toString(), c.toString())
                .inheritIO().start();
        assertThat(gcc.waitFor()).as("gcc exit code").isZero();
        return library;
    }
}
