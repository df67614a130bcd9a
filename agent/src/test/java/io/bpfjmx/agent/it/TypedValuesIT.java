package io.bpfjmx.agent.it;

import static io.bpfjmx.libbpf.testing.TypesFixture.FLOW_KEY;
import static io.bpfjmx.libbpf.testing.TypesFixture.FLOW_STATS;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.agent.it.apps.PlainHostApp;
import io.bpfjmx.libbpf.PossibleCpus;
import io.bpfjmx.libbpf.btf.JsonTree;
import io.bpfjmx.libbpf.testing.Bpftool;
import io.bpfjmx.libbpf.testing.FreePort;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import io.bpfjmx.libbpf.testing.TypesFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of {@code types.bpf.o} written and read typed through a real host JVM, over local attach and over RMI:
 * the JSON comes back as written, bpftool reads the same bytes as the hex operations, and where bpftool can decode
 * a kind its {@code formatted} JSON equals bpfjmx's. (Jolokia: examples' JolokiaTypedIT.)
 */
@RequiresBpf
class TypedValuesIT {
    private static final String S = "java.lang.String";
    private static final String[] UPDATE = {S, S, S, "long"};
    private static final String[] BY_KEY = {S, S};

    static Stream<Arguments> hosts() {
        return Jdk.all().stream().flatMap(jdk -> Stream.of(Arguments.of(jdk, "local attach"), Arguments.of(jdk,
                "RMI")));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("hosts")
    void everyKindRoundTripsAndBpftoolAgrees(Jdk jdk, String channel) throws Exception {
        int port = FreePort.next();
        HostJvm.Builder builder = HostJvm.on(jdk).mainClass(PlainHostApp.class)
                .javaAgent(ItPaths.agentJar(), "object=" + ItPaths.bpfObject("types.bpf.o") + ",attach=false");
        if (channel.equals("RMI")) { // on loopback, without authentication: RemoteAccessIT covers the roles
            builder = builder.jvmArg("-Dcom.sun.management.jmxremote.port=" + port)
                    .jvmArg("-Dcom.sun.management.jmxremote.rmi.port=" + port)
                    .jvmArg("-Dcom.sun.management.jmxremote.host=127.0.0.1")
                    .jvmArg("-Dcom.sun.management.jmxremote.authenticate=false")
                    .jvmArg("-Dcom.sun.management.jmxremote.ssl=false");
        }
        try (HostJvm host = builder.start()) {
            host.waitFor("host ready");
            assertThat(host.awaitObjectStatus("types")).as(host.output()).startsWith("READY");
            if (channel.equals("RMI")) {
                JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
                try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
                    roundTrips(connector.getMBeanServerConnection());
                }
            } else {
                roundTrips(host.connect());
            }
        }
    }

    private static void roundTrips(MBeanServerConnection jmx) throws Exception {
        ObjectName types = HostJvm.bpfObjectName("types");
        List<Object> perCpu = new ArrayList<>();
        for (int cpu = 0; cpu < PossibleCpus.count(); cpu++) {
            perCpu.add(Map.of("cpu", (long) cpu, "value", Map.of("packets", 100L + cpu, "drops", (long) cpu)));
        }
        String[][] entries = {{"flows", FLOW_KEY, FLOW_STATS}, {"names", "alpha", "-5"},
            {"names", "\"say \\\"hi\\\"\"", "9223372036854775807"}, {"colors", "1", "\"GREEN\""},
            {"colors", "2", "5"}, {"percpu_stats", "7", JsonTree.write(perCpu)}};
        for (String[] entry : entries) {
            jmx.invoke(types, "update", new Object[] {entry[0], entry[1], entry[2], 0L}, UPDATE);
            Object back = JsonTree.read((String) jmx.invoke(types, "lookup", new Object[] {entry[0], entry[1]},
                    BY_KEY));
            assertThat(back).as(entry[0] + " " + entry[1]).isEqualTo(JsonTree.read(entry[2]));
        }

        int flows = mapId(jmx, "flows");
        String flowKeyHex = "01000000" + "02000000" + "5000" + "06" + "00";
        assertThat(Bpftool.entries(flows)).containsEntry(flowKeyHex,
                (String) jmx.invoke(types, "lookupElem", new Object[] {"flows", flowKeyHex}, BY_KEY));
        @SuppressWarnings("unchecked")
        Map<String, Object> stats = (Map<String, Object>) JsonTree.read(FLOW_STATS);
        assertThat(Bpftool.formatted(flows, FLOW_KEY).get("value"))
                .isEqualTo(TypesFixture.asBpftoolShowsFlowStats(stats));
        assertThat(Bpftool.formatted(mapId(jmx, "names"), "\"alpha\"")).containsEntry("value", -5L);
        assertThat(Bpftool.formatted(mapId(jmx, "colors"), "1")).containsEntry("value", "GREEN");
        assertThat(Bpftool.formatted(mapId(jmx, "percpu_stats"), "7").get("values")).isEqualTo(perCpu);
    }

    private static int mapId(MBeanServerConnection jmx, String map) throws Exception {
        return (Integer) jmx.getAttribute(new ObjectName("io.bpfjmx:type=BpfMap,object=types,name=" + map), "Id");
    }
}
