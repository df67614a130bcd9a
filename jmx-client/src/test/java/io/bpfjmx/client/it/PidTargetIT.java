package io.bpfjmx.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.client.it.Cli.Result;
import io.bpfjmx.libbpf.btf.JsonTree;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command over {@code --pid}, in the order an operator meets them: a JVM without the agent, {@code attach},
 * then the maps. One target JVM for the class, started without the agent.
 */
@RequiresBpf
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PidTargetIT {
    private static TargetJvm target;
    private static String pid;

    @BeforeAll
    static void startTarget() throws Exception {
        // harmless on JDK 17; on 21+ it lets the JVM take the agent without a warning
        target = TargetJvm.start(ItPaths.java(), List.of("-XX:+EnableDynamicAgentLoading"), "foreign-map");
        pid = Long.toString(target.pid());
    }

    @AfterAll
    static void stopTarget() throws Exception {
        if (target != null) {
            target.close();
        }
    }

    @Test
    @Order(1)
    void jvmsListsTheTargetWithoutTheAgent() {
        Result jvms = Cli.run("jvms");
        assertThat(jvms.exitCode()).as(jvms.toString()).isZero();
        assertThat(jvms.out()).containsPattern("(?m)^" + pid + "\\s+no\\s+" + TargetApp.class.getName());
        assertThat(Cli.run("jvms", "--json").out())
                .contains("{\"pid\":" + pid + ",\"agent\":false,\"main\":\"" + TargetApp.class.getName());
    }

    @Test
    @Order(2)
    void mapsWithoutTheAgentSaysAgentNotPresent() {
        Result maps = Cli.run("maps", "--pid", pid);
        assertThat(maps.exitCode()).as(maps.toString()).isEqualTo(5);
        assertThat(maps.err()).contains("the bpfjmx agent is not in this JVM", "bpfjmx attach PID --object");
        assertThat(maps.err()).as("no stack trace without --verbose").doesNotContain("\tat ");
    }

    @Test
    @Order(3)
    void attachRefusesAMissingObjectFile() {
        Result attach = Cli.run("attach", pid, "--object", "/nonexistent/x.bpf.o");
        assertThat(attach.exitCode()).as(attach.toString()).isEqualTo(2);
        assertThat(attach.err()).contains("no BPF object file /nonexistent/x.bpf.o");
    }

    @Test
    @Order(4)
    void attachLoadsTheAgentAndReportsTheObjects() {
        Result attach = Cli.run("attach", pid, "--object", ItPaths.bpfObject("log_syscalls.bpf.o").toString(),
                "--object", ItPaths.bpfObject("fixtures.bpf.o").toString());
        assertThat(attach.exitCode()).as(attach.toString()).isZero();
        assertThat(attach.out()).contains("attached the bpfjmx agent to JVM " + pid)
                .containsPattern("(?m)^log_syscalls\\s+READY\\s+1\\s+/")
                .containsPattern("(?m)^fixtures\\s+READY\\s+12\\s+/");
        assertThat(target.output()).as("no warning on JDK 17").doesNotContain("WARNING");
        assertThat(attach.err()).doesNotContain("EnableDynamicAgentLoading");

        Result again = Cli.run("attach", pid, "--object", ItPaths.bpfObject("fixtures.bpf.o").toString(), "--json");
        assertThat(again.exitCode()).as("attaching twice is harmless: " + again).isZero();
        assertThat(again.out()).startsWith("{\"pid\":" + pid + ",\"objects\":[{\"name\":\"fixtures\"")
                .contains("\"status\":\"READY\"");

        assertThat(Cli.run("jvms").out()).containsPattern("(?m)^" + pid + "\\s+yes\\s+");
    }

    @Test
    @Order(5)
    void attachReportsWhyAnObjectFailed(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.bpf.o"), "not an ELF file");
        Result attach = Cli.run("attach", pid, "--object", junk.toString());
        assertThat(attach.exitCode()).as(attach.toString()).isEqualTo(4);
        assertThat(attach.out()).containsPattern("(?m)^junk\\s+FAILED: ");
        assertThat(attach.err()).contains("object 'junk' is FAILED: ", "see the target JVM's log");

        Result inJunk = Cli.run("lookup", "--pid", pid, "junk/some_map", "int:1");
        assertThat(inJunk.exitCode()).as(inJunk.toString()).isEqualTo(5);
        assertThat(inJunk.err()).contains("object 'junk' is not loaded: FAILED: ");
    }

    @Test
    @Order(6)
    void mapsListsObjectsAndMapsWithTheirSizes() {
        Result maps = Cli.run("maps", "--pid", pid);
        assertThat(maps.exitCode()).as("junk FAILED: " + maps).isEqualTo(4);
        assertThat(maps.err()).contains("object 'junk' is FAILED: ", "fix the cause and attach again");
        assertThat(maps.out()).containsPattern("(?m)^junk\\s+FAILED: ");
        assertThat(maps.out()).containsPattern("(?m)^\\d+\\s+log_syscalls\\s+syscall_count_map\\s+HASH\\s+128B\\s+4B"
                + "\\s+32\\s")
                .containsPattern("percpu_hash\\s+PERCPU_HASH\\s+4B\\s+12B\\s+4096\\s+0x0\\s+per-CPU x\\d+")
                .containsPattern("fixtures.rodata .* read-only");
        Result json = Cli.run("maps", "--pid", pid, "--json");
        assertThat(json.out()).startsWith("{\"objects\":[{\"name\":\"fixtures\",\"path\":\"")
                .contains("{\"name\":\"syscall_count_map\",\"id\":", "\"type\":\"HASH\",\"keySize\":128,"
                        + "\"valueSize\":4,\"maxEntries\":32,\"flags\":0,\"perCpu\":false");
    }

    @Test
    @Order(7)
    void updateWithAStringKeyThenAgainIsEexist() {
        Result update = Cli.run("update", "--pid", pid, "syscall_count_map", "str:cat", "int:0", "--flags",
                "noexist");
        assertThat(update.exitCode()).as(update.toString()).isZero();
        assertThat(update.out()).isEqualTo("updated log_syscalls/syscall_count_map: str:cat = int:0\n");

        Result again = Cli.run("update", "--pid", pid, "syscall_count_map", "str:cat", "int:0", "--flags",
                "noexist");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(3);
        assertThat(again.err()).contains("failed: EEXIST", "--flags any");

        Result json = Cli.run("update", "--pid", pid, "syscall_count_map", "str:cat", "int:0", "--flags", "1",
                "--json");
        assertThat(json.exitCode()).isEqualTo(3);
        assertThat(json.out()).startsWith("{\"error\":{\"exitCode\":3,\"errno\":\"EEXIST\",\"message\":");
    }

    @Test
    @Order(8)
    void theProgramCountsCatAndLookupShowsIt() throws Exception {
        for (int i = 0; i < 3; i++) {
            new ProcessBuilder("cat", "/dev/null").start().waitFor(10, TimeUnit.SECONDS);
        }
        Result lookup = Cli.run("lookup", "--pid", pid, "syscall_count_map", "str:cat");
        assertThat(lookup.exitCode()).as(lookup.toString()).isZero();
        assertThat(lookup.out()).startsWith("KEY      VALUE\nstr:cat  int:");
        assertThat(Long.parseLong(lookup.find("str:cat\\s+int:(\\d+)"))).isPositive();

        Result dump = Cli.run("dump", "--pid", pid, "syscall_count_map");
        assertThat(dump.exitCode()).as(dump.toString()).isZero();
        assertThat(dump.out()).as("the map has BTF: shown decoded").containsPattern("(?m)^\"cat\"\\s+[1-9]")
                .endsWith("1 entry\n");
    }

    @Test
    @Order(9)
    void deleteThenLookupIsEnoent() {
        Result delete = Cli.run("delete", "--pid", pid, "syscall_count_map", "str:cat");
        assertThat(delete.exitCode()).as(delete.toString()).isZero();
        assertThat(delete.out()).isEqualTo("deleted str:cat from log_syscalls/syscall_count_map\n");

        Result lookup = Cli.run("lookup", "--pid", pid, "syscall_count_map", "str:cat");
        assertThat(lookup.exitCode()).as(lookup.toString()).isEqualTo(3);
        assertThat(lookup.err()).contains("failed: ENOENT");
        assertThat(Cli.run("delete", "--pid", pid, "syscall_count_map", "str:cat").exitCode()).isEqualTo(3);
    }

    @Test
    @Order(10)
    void perCpuLookupPrintsEachCpu() {
        int cpus = Integer.parseInt(Cli.run("maps", "--pid", pid, "--json")
                .find("\"name\":\"percpu_hash\".*?\"possibleCpus\":(\\d+)"));
        Result update = Cli.run("update", "--pid", pid, "percpu_hash", "int:3", "hex:0102030405060708090a0b0c");
        assertThat(update.exitCode()).as(update.toString()).isZero();

        Result lookup = Cli.run("lookup", "--pid", pid, "percpu_hash", "int:3");
        assertThat(lookup.exitCode()).as(lookup.toString()).isZero();
        List<String> lines = lookup.out().lines().collect(Collectors.toList());
        assertThat(lines).hasSize(1 + cpus).first().isEqualTo("KEY    CPU  VALUE");
        assertThat(lines.get(1)).isEqualTo("int:3  0    0102030405060708090a0b0c");
        assertThat(lines.get(cpus)).isEqualTo("       " + (cpus - 1) + "    0102030405060708090a0b0c");
    }

    @Test
    @Order(11)
    void bulkUpdateFromAFileWritesThousandEntriesInOneBatchCall(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("entries.txt");
        Files.write(file, IntStream.rangeClosed(1, 1000).mapToObj(i -> "int:" + i + " int:" + (i * 3))
                .collect(Collectors.toList()));
        Result update = Cli.run("update", "--pid", pid, "hash_map", "--from", file.toString(), "--json");
        assertThat(update.exitCode()).as(update.toString()).isZero();
        assertThat(update.out()).isEqualTo("{\"object\":\"fixtures\",\"map\":\"hash_map\",\"updated\":1000,"
                + "\"batches\":1,\"typedCalls\":0}\n");

        Result dump = Cli.run("dump", "--pid", pid, "hash_map");
        assertThat(dump.out()).startsWith("KEY   VALUE\n1     3\n2     6\n").endsWith("1000  3000\n1000 entries\n");
        assertThat(Cli.run("dump", "--pid", pid, "hash_map", "--hex").out())
                .startsWith("KEY       VALUE\n01000000  0300000000000000\n").endsWith("1000 entries\n");
        assertThat(Cli.run("lookup", "--pid", pid, "fixtures/hash_map", "int:500").out()).contains("int:1500");

        String id = Cli.run("maps", "--pid", pid, "--json").find("\"name\":\"hash_map\",\"id\":(\\d+)");
        Process bpftool = new ProcessBuilder("bpftool", "-j", "map", "lookup", "id", id, "key", "0xf4", "0x01", "0",
                "0").redirectErrorStream(true).start();
        String kernel = new String(bpftool.getInputStream().readAllBytes());
        assertThat(bpftool.waitFor()).as(kernel).isZero();
        assertThat(kernel).as("bpftool: key 500 is 1500 in the kernel").contains("\"value\":[\"0xdc\",\"0x05\",");
    }

    @Test
    @Order(12) // after the bulk update (order 11) wrote 1000 entries
    @SuppressWarnings("unchecked")
    void dumpReadsPagesAndShowsEveryKeyOnceInValidJson() {
        Result whole = Cli.run("dump", "--pid", pid, "hash_map", "--json");
        Result paged = Cli.run("dump", "--pid", pid, "hash_map", "--json", "--page-size", "7");
        assertThat(paged.exitCode()).as(paged.toString()).isZero();

        List<Object> wholeEntries = (List<Object>) JsonTree.read(whole.out());
        List<Object> pagedEntries = (List<Object>) JsonTree.read(paged.out());
        assertThat(wholeEntries).as("more entries than one page").hasSizeGreaterThan(7);
        assertThat(pagedEntries).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(wholeEntries);

        Result raw = Cli.run("dump", "--pid", pid, "hash_map", "--hex", "--json", "--page-size", "7");
        Map<?, ?> rawJson = (Map<?, ?>) JsonTree.read(raw.out());
        assertThat((List<?>) rawJson.get("entries")).hasSize(wholeEntries.size());
        assertThat(rawJson.get("truncated")).isEqualTo(false);
        assertThat(Cli.run("dump", "--pid", pid, "hash_map", "--page-size", "7").out())
                .endsWith("\n" + wholeEntries.size() + " entries\n");
        Result limited = Cli.run("dump", "--pid", pid, "hash_map", "--page-size", "7", "--limit", "10");
        assertThat(limited.out()).endsWith("\n10 entries shown; more exist: raise --limit\n");
    }

    @Test
    @Order(12)
    void badInputIsRefusedBeforeTheKernelSeesIt(@TempDir Path dir) throws Exception {
        Result tooLong = Cli.run("update", "--pid", pid, "hash_map", "str:toolong", "int:1");
        assertThat(tooLong.exitCode()).as(tooLong.toString()).isEqualTo(2);
        assertThat(tooLong.err()).contains("key str:toolong is 7 bytes; the map's key is 4 bytes",
                "fixtures/hash_map has 4-byte keys and 8-byte values");

        Result tooBig = Cli.run("update", "--pid", pid, "small_hash", "int:1", "int:4294967296");
        assertThat(tooBig.exitCode()).isEqualTo(2);
        assertThat(tooBig.err()).contains("does not fit 4 bytes");

        Result unknown = Cli.run("lookup", "--pid", pid, "no_such_map", "int:1");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no map 'no_such_map' is loaded; the maps are: fixtures/array_map",
                "log_syscalls/syscall_count_map; object 'junk' is not loaded: FAILED: ");

        Path rawLines = Files.writeString(dir.resolve("raw.txt"), "int:1 int:1\n");
        Result batchFlags = Cli.run("update", "--pid", pid, "hash_map", "--from", rawLines.toString(), "--flags",
                "noexist");
        assertThat(batchFlags.exitCode()).isEqualTo(2);
        assertThat(batchFlags.err()).contains("--from takes --flags any or lock only for raw lines");

        Result empty = Cli.run("update", "--pid", pid, "hash_map", "--from", "/dev/null");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("/dev/null has no entries");
    }

    @Test
    @Order(13)
    void fullHashMapIsE2big() {
        assertThat(Cli.run("update", "--pid", pid, "small_hash", "int:1", "int:1").exitCode()).isZero();
        assertThat(Cli.run("update", "--pid", pid, "small_hash", "int:2", "int:2").exitCode()).isZero();
        Result full = Cli.run("update", "--pid", pid, "small_hash", "int:3", "int:3");
        assertThat(full.exitCode()).as(full.toString()).isEqualTo(3);
        assertThat(full.err()).contains("E2BIG", "the map is full");
    }

    @Test
    @Order(14)
    void aProcessThatIsNotAJvmCannotBeReached() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            Result maps = Cli.run("maps", "--pid", Long.toString(sleep.pid()));
            assertThat(maps.exitCode()).as(maps.toString()).isEqualTo(4);
            assertThat(maps.err()).contains("is not a JVM", "bpfjmx jvms");
            assertThat(sleep.isAlive()).as("not killed by the attach signal").isTrue();
            Result attach = Cli.run("attach", Long.toString(sleep.pid()), "--object",
                    ItPaths.bpfObject("fixtures.bpf.o").toString());
            assertThat(attach.exitCode()).as(attach.toString()).isEqualTo(4);
        } finally {
            sleep.destroy();
        }
    }

    @Test
    @Order(15)
    void anMBeanOfAnotherMakeIsAnUnexpectedFailure() {
        Result lookup = Cli.run("lookup", "--pid", pid, "foreign_map", "int:1");
        assertThat(lookup.exitCode()).as(lookup.toString()).isEqualTo(1);
        assertThat(lookup.err()).contains("lacks the attributes", "another version");
    }

    @Test
    @Order(16)
    void theLauncherScriptRunsTheJarBesideItThroughASymlink(@TempDir Path dir) throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("bpfjmx"), ItPaths.launcher());
        Result maps = Cli.runLauncher(link, "dump", "--pid", pid, "array_map", "--hex");
        assertThat(maps.exitCode()).as(maps.toString()).isZero();
        assertThat(maps.out()).startsWith("KEY       VALUE\n00000000  0000000000000000\n").endsWith("4 entries\n");
    }

    @Test
    @Order(17)
    void onJdk21AndLaterAttachSaysHowToSilenceTheWarning() throws Exception {
        Path javaHome = Path.of(System.getProperty("bpfjmx.recentJavaHome", "/usr/lib/jvm/temurin-25-jdk-amd64"));
        Assumptions.assumeTrue(Files.isExecutable(javaHome.resolve("bin/java")), "no JDK 21+ at " + javaHome
                + " (-Dbpfjmx.recentJavaHome=...)");
        try (TargetJvm recent = TargetJvm.start(javaHome.resolve("bin/java").toString(), List.of())) {
            Result attach = Cli.run("attach", Long.toString(recent.pid()), "--object",
                    ItPaths.bpfObject("fixtures.bpf.o").toString(), "--no-programs");
            assertThat(attach.exitCode()).as(attach.toString()).isZero();
            assertThat(attach.out()).containsPattern("(?m)^fixtures\\s+READY \\(programs not attached");
            assertThat(attach.err()).contains("note: JVM " + recent.pid() + " warns about agents loaded this way",
                    "-XX:+EnableDynamicAgentLoading");
        }
    }
}
