package io.bpfjmx.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.agent.it.apps.PlainHostApp;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.util.Set;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The agent attached by PID to a running host, twice: the second attach reuses the running agent. */
@RequiresBpf
class AttachIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.bpfjmx.agent.it.Jdk#all")
    void attachByPidTwice(Jdk jdk) throws Exception {
        String options = "object=" + ItPaths.bpfObject("fixtures.bpf.o");
        try (HostJvm host = HostJvm.on(jdk).mainClass(PlainHostApp.class).allowDynamicAgents().start()) {
            host.waitFor("host ready");
            MBeanServerConnection jmx = host.connect();
            ObjectName everything = new ObjectName("io.bpfjmx:*");
            assertThat(jmx.queryNames(everything, null)).isEmpty();

            host.attachAgent(ItPaths.agentJar(), options);
            assertThat(host.awaitObjectStatus("fixtures")).as(host.output()).isEqualTo("READY");
            Set<ObjectName> first = jmx.queryNames(everything, null);
            assertThat(first).contains(HostJvm.bpfObjectName("fixtures"));
            assertThat(jmx.queryNames(new ObjectName("io.bpfjmx:type=BpfMap,object=fixtures,*"), null)).isNotEmpty();

            host.attachAgent(ItPaths.agentJar(), options);
            Thread.sleep(1000); // anything a second load would register asynchronously
            assertThat(host.awaitObjectStatus("fixtures")).as(host.output()).isEqualTo("READY");
            assertThat(jmx.queryNames(everything, null)).isEqualTo(first);

            host.send("still there?");
            host.waitFor("host echo still there?");
            assertThat(host.output()).as("no stack traces").doesNotContain("\tat ");
        }
    }
}
