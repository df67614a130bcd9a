package io.bpfjmx.libbpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.NativeLibrary;
import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libbpf's print function belongs to the process: a host that set its own (here a stand-in library in C, built with
 * the system's compiler and linked to the same libbpf.so.1) keeps it, and keeps hearing its own messages, whatever
 * bpfjmx does; bpfjmx still hears its own. Whether bpfjmx was loaded before the host set its function or after (an
 * earlier test in this JVM may have loaded it), both must hold.
 */
@RequiresBpf
class HostPrintFunctionTest {
    private static final String HOST = "#include <stdarg.h>\n"
            + "#include <stdio.h>\n"
            + "#include <bpf/libbpf.h>\n"
            + "static int count;\n"
            + "static char last[4096];\n"
            + "static libbpf_print_fn_t before; /* what was in place before the first install */\n"
            + "static int saved;\n"
            + "static int host_print(enum libbpf_print_level level, const char *format, va_list args) {\n"
            + "    count++;\n"
            + "    vsnprintf(last, sizeof(last), format, args);\n"
            + "    return 0;\n"
            + "}\n"
            + "void host_install(void) {\n"
            + "    libbpf_print_fn_t previous = libbpf_set_print(host_print);\n"
            + "    if (!saved) { before = previous; saved = 1; }\n"
            + "}\n"
            + "void host_uninstall(void) { libbpf_set_print(before); }\n"
            + "void host_silence(void) { libbpf_set_print(NULL); }\n"
            + "int host_state(void) {\n"
            + "    libbpf_print_fn_t now = libbpf_set_print(NULL);\n"
            + "    libbpf_set_print(now);\n"
            + "    return now == host_print ? 1 : now == NULL ? 0 : -1;\n"
            + "}\n"
            + "int host_count(void) { return count; }\n"
            + "const char *host_last(void) { return last; }\n"
            + "void host_reset(void) { count = 0; last[0] = 0; }\n"
            + "void host_provoke(void) { bpf_object__open_file(\"/nonexistent/host.bpf.o\", NULL); }\n";

    private static NativeLibrary host;

    @BeforeAll
    static void buildHost(@TempDir Path dir) throws Exception {
        Path source = Files.writeString(dir.resolve("host.c"), HOST);
        Path library = dir.resolve("libhost.so");
        Process gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-o", library.toString(), source.toString(),
                "-l:" + LibBpfLibrary.SYSTEM_NAME).inheritIO().start();
        assertThat(gcc.waitFor()).as("gcc exit code").isZero();
        host = NativeLibrary.getInstance(library.toString());
        call("host_install");
    }

    /** libbpf's own function again, before the stand-in's file goes with its temporary folder. */
    @AfterAll
    static void putBackWhatWasThere() {
        call("host_uninstall");
    }

    @BeforeEach
    void hostInPlace() {
        call("host_install"); // again: a test may have silenced it
        call("host_reset");
    }

    @Test
    void theHostsFunctionStaysInPlaceAndBpfjmxStillHearsItsOwnMessages() {
        assertThatThrownBy(() -> BpfObject.load(BpfObjects.verifierReject()))
                .isInstanceOf(BpfException.class)
                .hasMessageContaining("R0 invalid mem access 'map_value_or_null'");
        try (BpfObject object = BpfObject.load(BpfObjects.programs())) {
            assertThatThrownBy(object::attach).hasMessageContaining("failed to create kprobe");
        }
        assertThat(state()).as("the host's print function is in place").isEqualTo(1);
        assertThat(count()).as("bpfjmx's messages went to bpfjmx, not to the host: " + last()).isZero();

        call("host_provoke");
        assertThat(count()).as("the host's own message reached the host").isPositive();
        assertThat(last()).contains("/nonexistent/host.bpf.o");
    }

    @Test
    void aHostMessageDuringABpfjmxCallStillReachesTheHost() throws Exception {
        try (LibBpfLog.Capture capture = new LibBpfLog.Capture()) {
            assertThat(state()).as("bpfjmx's function in place during its call").isEqualTo(-1);
            Thread hostThread = new Thread(() -> call("host_provoke"), "host");
            hostThread.start();
            hostThread.join();
            assertThat(capture.text()).as("not bpfjmx's message").isEmpty();
        }
        assertThat(count()).isPositive();
        assertThat(last()).contains("/nonexistent/host.bpf.o");
        assertThat(state()).isEqualTo(1);
    }

    @Test
    void aFunctionTheHostSetsDuringABpfjmxCallIsKept() {
        try (LibBpfLog.Capture capture = new LibBpfLog.Capture()) {
            call("host_silence");
        }
        assertThat(state()).as("the host's choice (silence) stands").isZero();
        assertThatThrownBy(() -> BpfObject.load(BpfObjects.verifierReject()))
                .as("bpfjmx still hears libbpf during its own calls")
                .hasMessageContaining("R0 invalid mem access 'map_value_or_null'");
        assertThat(state()).isZero();
    }

    private static void call(String function) {
        host.getFunction(function).invokeVoid(new Object[0]);
    }

    private static int state() {
        return host.getFunction("host_state").invokeInt(new Object[0]);
    }

    private static int count() {
        return host.getFunction("host_count").invokeInt(new Object[0]);
    }

    private static String last() {
        return host.getFunction("host_last").invokeString(new Object[0], false);
    }
}
