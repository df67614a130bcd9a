package io.bpfjmx.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.agent.it.apps.PlainHostApp;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Objects;
import java.util.stream.Stream;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seed's example through a real host JVM and real JMX (local attach), with the agent started both ways:
 * insert "cat" with NOEXIST, the same again fails with EEXIST, run cat, read its count; the meters saw both.
 */
@RequiresBpf
class SeedExampleIT {
    private static final String[] UPDATE = {"java.lang.String", "java.lang.String", "java.lang.String", "long"};
    private static final String[] LOOKUP = {"java.lang.String", "java.lang.String"};

    static Stream<Arguments> hosts() {
        return Jdk.all().stream().flatMap(jdk -> Stream.of(Arguments.of(jdk, "-javaagent"),
                Arguments.of(jdk, "attach by PID")));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("hosts")
    void countsTheSyscallsOfCat(Jdk jdk, String way) throws Exception {
        String options = "object=" + ItPaths.bpfObject("log_syscalls.bpf.o");
        HostJvm.Builder builder = HostJvm.on(jdk).mainClass(PlainHostApp.class);
        builder = way.equals("-javaagent") ? builder.javaAgent(ItPaths.agentJar(), options)
                : builder.allowDynamicAgents();
        try (HostJvm host = builder.start()) {
            host.waitFor("host ready");
            if (way.equals("attach by PID")) {
                host.attachAgent(ItPaths.agentJar(), options);
            }
            assertThat(host.awaitObjectStatus("log_syscalls")).as(host.output()).isEqualTo("READY");
            MBeanServerConnection jmx = host.connect();
            ObjectName object = HostJvm.bpfObjectName("log_syscalls");
            String cat = catKey();

            jmx.invoke(object, "updateElem", new Object[] {"syscall_count_map", cat, "00000000", 1L}, UPDATE);
            assertThatThrownBy(() -> jmx.invoke(object, "updateElem",
                    new Object[] {"syscall_count_map", cat, "00000000", 1L}, UPDATE))
                    .isInstanceOf(RuntimeMBeanException.class)
                    .cause().isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage("update of map 'syscall_count_map' failed: EEXIST (key exists and flags=NOEXIST)");

            Process process = new ProcessBuilder("cat", "/proc/version").start();
            process.getInputStream().readAllBytes();
            assertThat(process.waitFor()).isZero();

            String value = (String) jmx.invoke(object, "lookupElem", new Object[] {"syscall_count_map", cat}, LOOKUP);
            int count = ByteBuffer.wrap(HexFormat.of().parseHex(value)).order(ByteOrder.LITTLE_ENDIAN).getInt();
            assertThat(count).as("syscalls of cat").isPositive();

            // the meters' MBeans appear right after READY, counting from the start
            assertThat(host.awaitAttribute(updates("success", "none"), "Count", Objects::nonNull)).isEqualTo(1L);
            assertThat(host.awaitAttribute(updates("failed", "EEXIST"), "Count", Objects::nonNull)).isEqualTo(1L);
            assertThat(host.isAlive()).isTrue();
        }
    }

    /** The same typed, as an operator types it in JConsole: the key {@code cat}, the value {@code 0}. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.bpfjmx.agent.it.Jdk#all")
    void countsTheSyscallsOfCatTyped(Jdk jdk) throws Exception {
        String options = "object=" + ItPaths.bpfObject("log_syscalls.bpf.o");
        try (HostJvm host = HostJvm.on(jdk).mainClass(PlainHostApp.class).javaAgent(ItPaths.agentJar(), options)
                .start()) {
            host.waitFor("host ready");
            assertThat(host.awaitObjectStatus("log_syscalls")).as(host.output()).isEqualTo("READY");
            MBeanServerConnection jmx = host.connect();
            ObjectName map = new ObjectName("io.bpfjmx:type=BpfMap,object=log_syscalls,name=syscall_count_map");
            String[] update = {"java.lang.String", "java.lang.String", "long"};

            assertThat(jmx.getAttribute(map, "KeyType")).isEqualTo("char[128]");
            jmx.invoke(map, "update", new Object[] {"cat", "0", 1L}, update);
            assertThatThrownBy(() -> jmx.invoke(map, "update", new Object[] {"cat", "0", 1L}, update))
                    .cause().isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage("update of map 'syscall_count_map' failed: EEXIST (key exists and flags=NOEXIST)");
            assertThat(jmx.invoke(HostJvm.bpfObjectName("log_syscalls"), "lookupElem",
                    new Object[] {"syscall_count_map", catKey()}, LOOKUP)).as("the same key as hex").isNotNull();

            Process process = new ProcessBuilder("cat", "/proc/version").start();
            process.getInputStream().readAllBytes();
            assertThat(process.waitFor()).isZero();

            String count = (String) jmx.invoke(map, "lookup", new Object[] {"cat"}, new String[] {"java.lang.String"});
            assertThat(Long.parseLong(count)).as("syscalls of cat, a plain number").isPositive();
        }
    }

    /** "cat", NUL-padded to the map's 128-byte key, as hex. */
    private static String catKey() {
        byte[] key = new byte[128];
        key[0] = 'c';
        key[1] = 'a';
        key[2] = 't';
        return HexFormat.of().formatHex(key);
    }

    /** The counter of syscall_count_map's updates with that outcome and reason. */
    private static ObjectName updates(String outcome, String reason) throws Exception {
        return new ObjectName("metrics:name=bpfjmxMapOperations.map.syscall_count_map.object.log_syscalls"
                + ".operation.update.outcome." + outcome + ".reason." + reason + ",type=meters");
    }
}
