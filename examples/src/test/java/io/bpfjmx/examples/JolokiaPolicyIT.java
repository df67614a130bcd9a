package io.bpfjmx.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.libbpf.testing.RequiresBpf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The other recipe, Jolokia attached by PID to a JVM already running bpfjmx ({@code attach-jolokia.sh}), and the
 * policy {@code jolokia-access.xml}: bpfjmx reads for everyone, updates only on log_syscalls, nothing else.
 */
@RequiresBpf
class JolokiaPolicyIT {
    private static final String FIXTURES_HASH = "io.bpfjmx:type=BpfMap,object=fixtures,name=hash_map";
    private static final String COUNT_MAP = "io.bpfjmx:type=BpfMap,object=log_syscalls,name=syscall_count_map";
    /** How the bpfjmx CLI and Jolokia's JMX adapter name the operation: with its signature. */
    private static final String UPDATE_WITH_SIGNATURE = "updateElem(java.lang.String,java.lang.String,long)";
    private static DemoJvm demo;

    @BeforeAll
    static void startDemoThenAttachJolokia() throws Exception {
        demo = DemoJvm.start(false, "log_syscalls.bpf.o", "fixtures.bpf.o");
        demo.awaitOutput("bpfjmx demo host ready");
        Script.Result attach = Script.run(demo.env(), "jolokia/attach-jolokia.sh", Long.toString(demo.pid()));
        assertThat(attach.exitCode()).as(attach + demo.output()).isZero();
        demo.awaitReady("log_syscalls");
        demo.awaitReady("fixtures");
    }

    @AfterAll
    static void stopDemo() throws Exception {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void allowsUpdatesWhereThePolicySays() throws Exception {
        Script.Result update = Script.run(demo.env(), "jolokia/update-post.sh", "syscall_count_map", "str:attached",
                "int:1", "noexist");

        String withSignature = demo.jolokia("exec/" + COUNT_MAP + "/" + UPDATE_WITH_SIGNATURE + "/"
                + "7369676e6174757265" + "0".repeat(238) + "/02000000/0");

        assertThat(update.exitCode()).as(update.toString()).isZero();
        assertThat(DemoJvm.status(withSignature)).as(withSignature).isEqualTo(200);
        assertThat(KernelMap.entries(demo.intAttribute(COUNT_MAP, "Id"))).containsEntry("attached", 1L)
                .containsEntry("signature", 2L);
    }

    @Test
    void refusesUpdatesOfOtherObjects() throws Exception {
        Script.Result update = Script.run(demo.env(), "jolokia/update-post.sh", "fixtures/hash_map", "int:1",
                "int:1");
        String byGet = demo.jolokia("exec/" + FIXTURES_HASH + "/updateElem/01000000/0100000000000000/0");
        String withSignature = demo.jolokia("exec/" + FIXTURES_HASH + "/" + UPDATE_WITH_SIGNATURE
                + "/01000000/0100000000000000/0");

        assertThat(update.exitCode()).isEqualTo(1);
        assertThat(update.err()).contains("refused by the Jolokia policy")
                .contains("Operation updateElem forbidden for MBean io.bpfjmx:name=fixtures,type=BpfObject");
        assertThat(DemoJvm.status(byGet)).as(byGet).isEqualTo(403);
        assertThat(DemoJvm.status(withSignature)).as(withSignature).isEqualTo(403);
        assertThat(KernelMap.entries(demo.intAttribute(FIXTURES_HASH, "Id"))).isEmpty();
    }

    @Test
    void letsEveryoneReadBpfjmx() throws Exception {
        Script.Result list = Script.run(demo.env(), "jolokia/list-maps.sh");
        String lookup = demo.jolokia("exec/" + FIXTURES_HASH + "/lookupElem/02000000");

        assertThat(list.out()).as(list.toString()).contains("fixtures/hash_map", "log_syscalls/syscall_count_map");
        assertThat(lookup).as("allowed, and the kernel's answer").contains("ENOENT (no such key)");
    }

    @Test
    void refusesEveryOtherMBean() throws Exception {
        for (String path : new String[] {"read/java.lang:type=Memory/HeapMemoryUsage", "exec/java.lang:type=Memory/gc",
                "write/java.lang:type=Memory/Verbose/true", "exec/com.sun.management:type=HotSpotDiagnostic"
                        + "/dumpHeap/!/tmp!/bpfjmx-policy-it.hprof/true", "read/jolokia:type=Config/HistoryMaxEntries"}) {
            String answer = demo.jolokia(path);
            assertThat(DemoJvm.status(answer)).as(path + ": " + answer).isEqualTo(403);
        }
    }
}
