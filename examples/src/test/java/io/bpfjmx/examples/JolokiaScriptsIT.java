package io.bpfjmx.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The curl scripts of {@code examples/jolokia} against the demo JVM that {@code start-demo.sh} starts with bpfjmx
 * and Jolokia, each result checked in the kernel with bpftool. Tests use distinct keys: they share one map.
 */
@RequiresBpf
class JolokiaScriptsIT {
    private static final String MAP_MBEAN = "io.bpfjmx:type=BpfMap,object=log_syscalls,name=syscall_count_map";
    private static DemoJvm demo;
    private static int mapId;

    @BeforeAll
    static void startDemo() throws Exception {
        demo = DemoJvm.start(true, "log_syscalls.bpf.o", "fixtures.bpf.o");
        demo.awaitReady("log_syscalls");
        demo.awaitReady("fixtures");
        mapId = demo.intAttribute(MAP_MBEAN, "Id");
    }

    @AfterAll
    static void stopDemo() throws Exception {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void listsEveryMap() throws Exception {
        Script.Result list = run("jolokia/list-maps.sh");

        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).containsPattern("log_syscalls/syscall_count_map +HASH +128 +4 +32 +false +" + mapId)
                .containsPattern("fixtures/percpu_hash +PERCPU_HASH +4 +12 +4096 +true");
    }

    /** The seed's example: insert "cat" with NOEXIST, cat runs, the kernel counted its system calls. */
    @Test
    void insertsCatWithPostThenCountsItsSyscalls() throws Exception {
        Script.Result insert = run("jolokia/update-post.sh", "syscall_count_map", "str:cat", "int:0", "noexist");
        assertThat(insert.exitCode()).as(insert.toString()).isZero();
        assertThat(KernelMap.entries(mapId)).containsKey("cat");

        Script.Result again = run("jolokia/update-post.sh", "syscall_count_map", "str:cat", "int:0", "noexist");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("update-post.sh: update of map 'syscall_count_map' failed: EEXIST (key "
                + "exists and flags=NOEXIST)\n");

        assertThat(Script.shell("cat /proc/version").exitCode()).isZero();
        assertThat(KernelMap.entries(mapId).get("cat")).as("syscalls of cat").isPositive();
        Script.Result lookup = run("jolokia/lookup.sh", "syscall_count_map", "str:cat");
        assertThat(lookup.out()).as(lookup.toString()).matches("[0-9a-f]{8}\tint:[1-9][0-9]*\n");
    }

    @Test
    void updatesWithGet() throws Exception {
        Script.Result update = run("jolokia/update-get.sh", "log_syscalls/syscall_count_map", "str:by-get", "int:7");

        assertThat(update.out()).as(update.toString())
                .isEqualTo("updated log_syscalls/syscall_count_map: str:by-get = int:7\n");
        assertThat(KernelMap.entries(mapId)).containsEntry("by-get", 7L);
        assertThat(run("jolokia/lookup.sh", "syscall_count_map", "str:by-get").out()).isEqualTo("07000000\tint:7\n");
    }

    @Test
    void sendsManyUpdatesInOneBulkRequestEachWithItsOwnOutcome() throws Exception {
        Script.Result bulk = run("jolokia/bulk-update.sh", "syscall_count_map", "noexist", "str:bulk-1=int:1",
                "str:bulk-2=int:2", "str:bulk-3=int:3", "str:bulk-1=int:9");

        assertThat(bulk.exitCode()).as(bulk.toString()).isEqualTo(1);
        assertThat(bulk.out().lines()).containsExactly("str:bulk-1=int:1\tok", "str:bulk-2=int:2\tok",
                "str:bulk-3=int:3\tok",
                "str:bulk-1=int:9\tupdate of map 'syscall_count_map' failed: EEXIST (key exists and flags=NOEXIST)");
        assertThat(KernelMap.entries(mapId)).containsEntry("bulk-1", 1L).containsEntry("bulk-2", 2L)
                .containsEntry("bulk-3", 3L);
    }

    @Test
    void passesArraysToUpdateBatchWithoutASignature() throws Exception {
        Script.Result batch = run("jolokia/batch-update.sh", "syscall_count_map", "str:batch-1=int:1",
                "str:batch-2=int:-1", "str:batch-3=int:0x10");

        assertThat(batch.out()).as(batch.toString())
                .isEqualTo("wrote 3 elements of log_syscalls/syscall_count_map in one batch\n");
        assertThat(KernelMap.entries(mapId)).containsEntry("batch-1", 1L).containsEntry("batch-2", -1L)
                .containsEntry("batch-3", 16L);
    }

    /** What JConsole shows, as Jolokia's list gives it: a real name and a description for every member. */
    @Test
    void describesEveryAttributeOperationAndParameter() throws Exception {
        for (String mbean : List.of("log_syscalls", "log_syscalls/syscall_count_map")) {
            Script.Result describe = run("jolokia/describe.sh", mbean);
            assertThat(describe.exitCode()).as(describe.toString()).isZero();
            List<String> members = describe.out().lines().skip(1).toList();
            assertThat(members).as(mbean).hasSizeGreaterThan(20).allSatisfy(line -> {
                String[] fields = line.split("\t");
                assertThat(fields).as(line).hasSize(4);
                assertThat(fields[1]).as(line).doesNotMatch("p[0-9]+");
                assertThat(fields[3]).as(line).isNotBlank().isNotEqualTo(fields[1]);
            });
        }
        assertThat(run("jolokia/describe.sh").out())
                .contains("operation\tupdateElem\tvoid\tInserts or replaces one element")
                .contains("  parameter\tkeyHex\tjava.lang.String\tKey as hex bytes")
                .contains("  parameter\tflags\tlong\tUpdate flags: 0 = BPF_ANY");
    }

    @Test
    void countsOperationsForJmxAndPrometheus() throws Exception {
        assertThat(run("jolokia/update-post.sh", "syscall_count_map", "str:meters", "int:0").exitCode()).isZero();

        Script.Result scrape = run("prometheus/scrape.sh", demo.prometheusUrl());
        assertThat(scrape.out()).as(scrape.toString())
                .containsPattern("bpfjmx_map_operations_total\\{map=\"syscall_count_map\",object=\"log_syscalls\","
                        + "operation=\"update\",outcome=\"success\",reason=\"none\"} [1-9]")
                .containsPattern("bpfjmx_map_operation_duration_seconds_count\\{map=\"syscall_count_map\","
                        + "object=\"log_syscalls\",operation=\"update\",outcome=\"success\"} [1-9]");
        int count = demo.intAttribute("metrics:name=bpfjmxMapOperations.map.syscall_count_map.object.log_syscalls"
                + ".operation.update.outcome.success.reason.none,type=meters", "Count");
        assertThat(count).isPositive();
    }

    private static Script.Result run(String script, String... args) throws Exception {
        return Script.run(demo.env(), script, args);
    }
}
