package io.bpfjmx.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.agent.it.apps.PlainHostApp;
import io.bpfjmx.libbpf.testing.BpfFsFolder;
import io.bpfjmx.libbpf.testing.Bpftool;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent option pinMaps in real host JVMs: what one JVM writes, the next one started with the same options reads
 * (the same kernel map, pinned in the BPF file system); a pinned map of another shape fails the object, naming both
 * shapes, and stays as it was.
 */
@RequiresBpf
class PinMapsIT {
    private static final String[] UPDATE = {"java.lang.String", "java.lang.String", "java.lang.String", "long"};
    private static final String[] LOOKUP = {"java.lang.String", "java.lang.String"};

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.bpfjmx.agent.it.Jdk#all")
    void anEntryWrittenBeforeARestartIsReadAfterIt(Jdk jdk) throws Exception {
        try (BpfFsFolder folder = BpfFsFolder.named("restart-jdk" + jdk.feature())) {
            // attach=false: no program counts into the entry, so it holds what was written
            String options = "object=" + ItPaths.bpfObject("log_syscalls.bpf.o") + ",attach=false,pinMaps="
                    + folder.path();
            Path pin = folder.path().resolve("log_syscalls").resolve("syscall_count_map");
            int mapId;
            try (HostJvm first = start(jdk, options)) {
                MBeanServerConnection jmx = first.connect();
                jmx.invoke(HostJvm.bpfObjectName("log_syscalls"), "update",
                        new Object[] {"syscall_count_map", "cat", "41", 1L}, UPDATE);
                mapId = mapId(jmx);
                assertThat(Bpftool.pinnedMapId(pin)).isEqualTo(mapId);
                first.waitFor("bpfjmx: object 'log_syscalls' READY (programs not attached: agent option "
                        + "attach=false), 1 maps; maps pinned under " + pin.getParent() + ", new: syscall_count_map");
                first.close(); // stdin closed: the host ends normally, its shutdown hook closes the object
                assertThat(first.isAlive()).isFalse();
            }
            assertThat(Bpftool.pinnedMapId(pin)).as("the map outlives the JVM").isEqualTo(mapId);

            try (HostJvm second = start(jdk, options)) {
                MBeanServerConnection jmx = second.connect();
                assertThat(jmx.invoke(HostJvm.bpfObjectName("log_syscalls"), "lookup",
                        new Object[] {"syscall_count_map", "cat"}, LOOKUP)).isEqualTo("41");
                assertThat(mapId(jmx)).isEqualTo(mapId);
                second.waitFor("maps pinned under " + pin.getParent() + ", reused: syscall_count_map");
                assertThat(second.output()).as("no stack traces").doesNotContain("\tat ");
            }
        }
    }

    @Test
    void aPinnedMapOfAnotherShapeFailsTheObjectAndStays(@TempDir Path notBpfFs) throws Exception {
        Jdk jdk = Jdk.all().get(0);
        try (BpfFsFolder folder = BpfFsFolder.named("mismatch")) {
            Path pin = folder.path().resolve("log_syscalls").resolve("syscall_count_map");
            Files.createDirectories(pin.getParent());
            Bpftool.createPinnedMap(pin, "hash", 128, 16, 32, "syscall_count_m");
            int id = Bpftool.pinnedMapId(pin);
            try (HostJvm host = HostJvm.on(jdk).mainClass(PlainHostApp.class).allowDynamicAgents().start()) {
                host.waitFor("host ready");
                host.attachAgent(ItPaths.agentJar(), "object=" + ItPaths.bpfObject("log_syscalls.bpf.o")
                        + ",pinMaps=" + folder.path());
                host.attachAgent(ItPaths.agentJar(), "object=" + ItPaths.bpfObject("fixtures.bpf.o") + ",pinMaps="
                        + notBpfFs);
                assertThat(host.awaitObjectStatus("log_syscalls")).as(host.output())
                        .isEqualTo("FAILED: map 'syscall_count_map' pinned at " + pin + " is HASH, key 128 B, value "
                                + "16 B, max_entries 32, flags 0x0, but object 'log_syscalls' declares HASH, key 128 B, "
                                + "value 4 B, max_entries 32, flags 0x0; the pinned map is left as it is: remove the "
                                + "pin (rm " + pin + ") to start that map empty, or load the object it was pinned for");
                assertThat(host.awaitObjectStatus("fixtures")).as(host.output())
                        .startsWith("FAILED: cannot pin maps under " + notBpfFs + ": " + notBpfFs + " is not on the "
                                + "BPF file system (it is on ")
                        .endsWith("); mount one (mount -t bpf bpf /sys/fs/bpf) and name a folder under it, e.g. "
                                + "/sys/fs/bpf/bpfjmx");
                assertThat(host.connect().queryNames(new ObjectName("io.bpfjmx:type=BpfMap,*"), null)).isEmpty();
                assertThat(host.output()).as("no stack traces").doesNotContain("\tat ");
            }
            assertThat(Bpftool.pinnedMapId(pin)).as("the pinned map is still there, the same one").isEqualTo(id);
        }
    }

    private static HostJvm start(Jdk jdk, String options) throws Exception {
        HostJvm host = HostJvm.on(jdk).mainClass(PlainHostApp.class).javaAgent(ItPaths.agentJar(), options).start();
        try {
            host.waitFor("host ready");
            assertThat(host.awaitObjectStatus("log_syscalls")).as(host.output()).startsWith("READY");
            return host;
        } catch (Exception | AssertionError e) {
            host.close();
            throw e;
        }
    }

    private static int mapId(MBeanServerConnection jmx) throws Exception {
        TabularData maps = (TabularData) jmx.getAttribute(HostJvm.bpfObjectName("log_syscalls"), "Maps");
        return (Integer) maps.get(new Object[] {"syscall_count_map"}).get("id");
    }
}
