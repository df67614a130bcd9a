package io.bpfjmx.agent.it;

import io.bpfjmx.libbpf.testing.FreePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.agent.it.apps.PlainHostApp;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteOrder;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Several objects, read-only mode, the Prometheus endpoint, and per-CPU values in both forms, in a real host JVM
 * over real JMX.
 */
@RequiresBpf
class OptionsIT {
    private static final String[] UPDATE = {"java.lang.String", "java.lang.String", "java.lang.String", "long"};
    private static final String[] LOOKUP = {"java.lang.String", "java.lang.String"};

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.bpfjmx.agent.it.Jdk#all")
    void perCpuValuesInBothFormsAndPrometheusMetrics(Jdk jdk) throws Exception {
        int port = FreePort.next();
        String options = "object=" + ItPaths.bpfObject("fixtures.bpf.o") + ",object="
                + ItPaths.bpfObject("log_syscalls.bpf.o") + ",attach=false,prometheusPort=" + port;
        try (HostJvm host = HostJvm.on(jdk).mainClass(PlainHostApp.class)
                .javaAgent(ItPaths.agentJar(), options).start()) {
            host.waitFor("host ready");
            assertThat(host.awaitObjectStatus("fixtures")).startsWith("READY");
            assertThat(host.awaitObjectStatus("log_syscalls"))
                    .isEqualTo("READY (programs not attached: agent option attach=false)");
            MBeanServerConnection jmx = host.connect();
            ObjectName map = new ObjectName("io.bpfjmx:type=BpfMap,object=fixtures,name=percpu_hash");
            int cpus = (Integer) jmx.getAttribute(map, "PossibleCpus");
            assertThat(jmx.getAttribute(map, "ValueBufferSize")).isEqualTo(16 * cpus);
            assertThat(jmx.getAttribute(map, "ByteOrder")).isEqualTo(ByteOrder.nativeOrder().toString());
            String[] one = {"java.lang.String"};

            jmx.invoke(map, "updateElem", new Object[] {"01000000", "0a0000000b0000000c000000", 1L},
                    new String[] {"java.lang.String", "java.lang.String", "long"});
            assertThat((String[]) jmx.invoke(map, "lookupElemPerCpu", new Object[] {"01000000"}, one))
                    .hasSize(cpus).containsOnly("0a0000000b0000000c000000");

            StringBuilder layout = new StringBuilder();
            for (int cpu = 0; cpu < cpus; cpu++) {
                layout.append(String.format("%02x00000000000000000000000000000000", cpu + 1), 0, 32);
            }
            jmx.invoke(map, "updateElem", new Object[] {"01000000", layout.toString(), 2L},
                    new String[] {"java.lang.String", "java.lang.String", "long"});
            String[] perCpu = (String[]) jmx.invoke(map, "lookupElemPerCpu", new Object[] {"01000000"}, one);
            for (int cpu = 0; cpu < cpus; cpu++) {
                assertThat(perCpu[cpu]).isEqualTo(String.format("%02x0000000000000000000000", cpu + 1));
            }

            String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(scrape).contains("bpfjmx_map_operations_total{map=\"percpu_hash\",object=\"fixtures\","
                    + "operation=\"update\",outcome=\"success\",reason=\"none\"} 2.0");
            assertThat(scrape).contains("bpfjmx_map_operation_duration_seconds_count{map=\"percpu_hash\","
                    + "object=\"fixtures\",operation=\"update\",outcome=\"success\"} 2");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.bpfjmx.agent.it.Jdk#all")
    void readOnlyModeRefusesWritesAndAllowsReads(Jdk jdk) throws Exception {
        String options = "object=" + ItPaths.bpfObject("fixtures.bpf.o") + ",readOnly=true";
        try (HostJvm host = HostJvm.on(jdk).mainClass(PlainHostApp.class)
                .javaAgent(ItPaths.agentJar(), options).start()) {
            host.waitFor("host ready");
            assertThat(host.awaitObjectStatus("fixtures")).isEqualTo("READY");
            MBeanServerConnection jmx = host.connect();
            ObjectName object = HostJvm.bpfObjectName("fixtures");
            assertThatThrownBy(() -> jmx.invoke(object, "updateElem",
                    new Object[] {"hash_map", "01000000", "0100000000000000", 0L}, UPDATE))
                    .isInstanceOf(RuntimeMBeanException.class)
                    .cause().isExactlyInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("updateElem refused on map 'hash_map': bpfjmx runs read-only (agent option "
                            + "readOnly=true); start the agent without it to change maps");
            assertThat(jmx.invoke(object, "lookupElem", new Object[] {".data", "00000000"}, LOOKUP))
                    .isEqualTo("07000000");
        }
    }

}
