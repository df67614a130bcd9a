package io.bpfjmx.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.agent.it.apps.PlainHostApp;
import io.bpfjmx.libbpf.btf.JsonTree;
import io.bpfjmx.libbpf.testing.Bpftool;
import io.bpfjmx.libbpf.testing.Le;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import io.bpfjmx.libbpf.testing.Syscalls;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A program array and an array of maps ({@code fd_maps.bpf.o}) through a real host JVM over JMX: raw values refused,
 * counted and audited; a program put in by name is tail-called by the object's program, an inner map put in by name
 * and then by id is the one the object's program reads (on this test's own getpid calls); lookups, the typed dump and
 * the Entries attribute show ids with names; and a map outside {@code writableMaps} cannot be slipped into the array
 * of maps.
 */
@RequiresBpf
class FdValuedMapsIT {
    private static final String S = "java.lang.String";
    private static final String[] UPDATE = {S, S, S, "long"};
    private static final String[] BY_KEY = {S, S};
    private static final String WRITABLE = "jump_table:outer:inner_a:inner_b:.bss";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.bpfjmx.agent.it.Jdk#all")
    void programsAndMapsGoInByReferenceAndTheObjectsProgramsUseThem(Jdk jdk) throws Exception {
        try (HostJvm host = HostJvm.on(jdk).mainClass(PlainHostApp.class).javaAgent(ItPaths.agentJar(),
                "object=" + ItPaths.bpfObject("fd_maps.bpf.o") + ",writableMaps=" + WRITABLE).start()) {
            host.waitFor("host ready");
            assertThat(host.awaitObjectStatus("fd_maps")).as(host.output()).isEqualTo("READY");
            MBeanServerConnection jmx = host.connect();
            ObjectName object = HostJvm.bpfObjectName("fd_maps");
            jmx.invoke(object, "updateElem", new Object[] {".bss", "00000000",
                HexFormat.of().formatHex(Le.u32((int) ProcessHandle.current().pid())), 0L}, UPDATE);

            rawValuesAreRefusedCountedAndAudited(host, jmx, object);
            aProgramPutInByNameIsTailCalled(jmx, object);
            anInnerMapPutInByNameThenIdIsTheOneRead(jmx, object);
            aMapOutsideWritableMapsCannotGoIntoTheArrayOfMaps(host, jmx, object);
        }
    }

    private static void rawValuesAreRefusedCountedAndAudited(HostJvm host, MBeanServerConnection jmx,
                                                             ObjectName object) throws Exception {
        String refusal = " of map 'jump_table' refused: a PROG_ARRAY's values are programs, which user space writes as "
                + "file descriptors of its own process: raw bytes would be the number of whatever file this process "
                + "has open under it, any program it holds included; give the program instead, to the typed update, "
                + "as {\"id\":N}, {\"pinned\":\"/sys/fs/bpf/…\"} or {\"name\":\"<program of this object>\"}";
        assertRefused(() -> jmx.invoke(object, "updateElem", new Object[] {"jump_table", "00000000", "03000000", 0L},
                UPDATE), IllegalArgumentException.class, "updateElem" + refusal);
        assertRefused(() -> jmx.invoke(object, "updateBatch", new Object[] {"jump_table", new String[] {"00000000"},
                new String[] {"03000000"}, 0L}, new String[] {S, "[Ljava.lang.String;", "[Ljava.lang.String;", "long"}),
                IllegalArgumentException.class, "updateBatch" + refusal);
        assertThat(count(jmx, "jump_table", "update", "rejected", "fd_value")).isEqualTo(1);
        assertThat(count(jmx, "jump_table", "update_batch", "rejected", "fd_value")).isEqualTo(1);
        host.waitFor("bpfjmx audit: principal=(none) object=fd_maps map=jump_table operation=update key=00000000 "
                + "value=03000000 flags=0 outcome=rejected reason=fd_value");
        assertThat(Bpftool.entries(mapId(jmx, "jump_table"))).as("nothing written").isEmpty();
    }

    private static void aProgramPutInByNameIsTailCalled(MBeanServerConnection jmx, ObjectName object)
            throws Exception {
        Syscalls.getpid(5);
        assertThat(tailCalls(jmx, 1)).as("jump ran").isGreaterThanOrEqualTo(5);
        assertThat(tailCalls(jmx, 0)).as("no program to jump to yet").isZero();

        jmx.invoke(object, "update", new Object[] {"jump_table", "0", "{\"name\":\"target\"}", 0L}, UPDATE);
        Syscalls.getpid(5);
        assertThat(tailCalls(jmx, 0)).as("target, tail-called").isGreaterThanOrEqualTo(5);

        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) JsonTree.read((String) jmx.invoke(object, "lookup",
                new Object[] {"jump_table", "0"}, BY_KEY));
        assertThat(value).containsEntry("name", "target").containsOnlyKeys("id", "name");
        long targetId = (Long) value.get("id");
        assertThat(Bpftool.entries(mapId(jmx, "jump_table")))
                .containsExactly(Map.entry("00000000", HexFormat.of().formatHex(Le.u32((int) targetId))));
        assertThat(jmx.invoke(object, "lookupElem", new Object[] {"jump_table", "00000000"}, BY_KEY))
                .as("hex shows the kernel's id").isEqualTo(HexFormat.of().formatHex(Le.u32((int) targetId)));
        assertThat(JsonTree.read((String) jmx.invoke(object, "dump", new Object[] {"jump_table", 10},
                new String[] {S, "int"}))).isEqualTo(List.of(Map.of("key", 0L, "value", value)));
        TabularData entries = (TabularData) jmx.getAttribute(mapName("jump_table"), "Entries");
        CompositeData row = entries.get(new Object[] {0L});
        assertThat(row.get("id")).isEqualTo(targetId);
        assertThat(row.get("name")).isEqualTo("target");
        assertThat(jmx.getAttribute(mapName("jump_table"), "KeyType")).isEqualTo("__u32");
    }

    private static void anInnerMapPutInByNameThenIdIsTheOneRead(MBeanServerConnection jmx, ObjectName object)
            throws Exception {
        jmx.invoke(object, "update", new Object[] {"inner_a", "0", "111", 0L}, UPDATE);
        jmx.invoke(object, "update", new Object[] {"inner_b", "0", "222", 0L}, UPDATE);
        jmx.invoke(object, "update", new Object[] {"outer", "0", "{\"name\":\"inner_a\"}", 0L}, UPDATE);
        assertThat(seenAfterGetpid(jmx)).isEqualTo(111);
        int innerB = mapId(jmx, "inner_b");
        jmx.invoke(object, "update", new Object[] {"outer", "0", "{\"id\":" + innerB + "}", 0L}, UPDATE);
        assertThat(seenAfterGetpid(jmx)).isEqualTo(222);
        assertThat(JsonTree.read((String) jmx.invoke(object, "lookup", new Object[] {"outer", "0"}, BY_KEY)))
                .isEqualTo(Map.of("id", (long) innerB, "name", "inner_b"));
    }

    private static void aMapOutsideWritableMapsCannotGoIntoTheArrayOfMaps(HostJvm host, MBeanServerConnection jmx,
                                                                          ObjectName object) throws Exception {
        int innerC = mapId(jmx, "inner_c");
        for (String value : List.of("{\"name\":\"inner_c\"}", "{\"id\":" + innerC + "}")) {
            assertRefused(() -> jmx.invoke(object, "update", new Object[] {"outer", "0", value, 0L}, UPDATE),
                    UnsupportedOperationException.class, "update refused on map 'outer': " + value + " (map 'inner_c', "
                            + "id " + innerC + ") is not among the writable maps (agent option writableMaps=" + WRITABLE
                            + "): in a map of maps the object's programs would read and write it; add inner_c there to "
                            + "allow it");
        }
        assertThat(count(jmx, "outer", "update", "rejected", "writable_maps")).isEqualTo(2);
        host.waitFor("bpfjmx audit: principal=(none) object=fd_maps map=outer operation=update key=0 "
                + "value=\"{\\\"name\\\":\\\"inner_c\\\"}\" flags=0 outcome=rejected reason=writable_maps");
        assertThat(seenAfterGetpid(jmx)).as("outer[0] still inner_b").isEqualTo(222);
    }

    private static long tailCalls(MBeanServerConnection jmx, int index) throws Exception {
        return (Long) JsonTree.read((String) jmx.invoke(HostJvm.bpfObjectName("fd_maps"), "lookup",
                new Object[] {"tail_calls", Integer.toString(index)}, BY_KEY));
    }

    /** What read_inner copies from outer[0] once this process calls getpid. */
    private static long seenAfterGetpid(MBeanServerConnection jmx) throws Exception {
        Syscalls.getpid(1);
        return (Long) JsonTree.read((String) jmx.invoke(HostJvm.bpfObjectName("fd_maps"), "lookup",
                new Object[] {"seen", "0"}, BY_KEY));
    }

    private static ObjectName mapName(String map) throws Exception {
        return new ObjectName("io.bpfjmx:type=BpfMap,object=fd_maps,name=" + map);
    }

    private static int mapId(MBeanServerConnection jmx, String map) throws Exception {
        return (Integer) jmx.getAttribute(mapName(map), "Id");
    }

    /** {@code bpfjmx.map.operations} of one map, operation, outcome and reason, as the JMX registry shows it. */
    private static long count(MBeanServerConnection jmx, String map, String operation, String outcome, String reason)
            throws Exception {
        return (Long) jmx.getAttribute(new ObjectName("metrics:name=bpfjmxMapOperations.map." + map
                + ".object.fd_maps.operation." + operation + ".outcome." + outcome + ".reason." + reason
                + ",type=meters"), "Count");
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
                                      Class<? extends RuntimeException> type, String message) {
        assertThatThrownBy(call).isExactlyInstanceOf(RuntimeMBeanException.class)
                .cause().isExactlyInstanceOf(type).hasMessage(message).hasNoCause();
    }
}
