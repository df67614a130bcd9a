package io.bpfjmx.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.agent.it.apps.PlainHostApp;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which binding calls libbpf in a real host: on JDK 22 and later the agent loads, updates and reads a map through
 * {@code java.lang.foreign} and never loads a class of JNA (the JVM's own class-load log says so); before, JNA.
 */
@RequiresBpf
class BindingIT {
    private static final String S = "java.lang.String";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.bpfjmx.agent.it.Jdk#all")
    void jdk22AndLaterNeverLoadJna(Jdk jdk, @TempDir Path dir) throws Exception {
        Path classLog = dir.resolve("classes.log");
        boolean foreign = jdk.feature() >= 22;
        try (HostJvm host = HostJvm.on(jdk).mainClass(PlainHostApp.class)
                .javaAgent(ItPaths.agentJar(), "object=" + ItPaths.bpfObject("fixtures.bpf.o") + ",attach=false")
                .jvmArg("-Xlog:class+load=info:file=" + classLog)
                .start()) {
            host.waitFor("host ready");
            assertThat(host.awaitObjectStatus("fixtures")).as(host.output()).startsWith("READY");
            MBeanServerConnection jmx = host.connect();
            ObjectName fixtures = HostJvm.bpfObjectName("fixtures");
            jmx.invoke(fixtures, "updateElem", new Object[] {"hash_map", "0d0c0b0a", "0100000000000000", 0L},
                    new String[] {S, S, S, "long"});
            assertThat(jmx.invoke(fixtures, "lookupElem", new Object[] {"hash_map", "0d0c0b0a"}, new String[] {S, S}))
                    .isEqualTo("0100000000000000");
            assertThat((String) jmx.getAttribute(fixtures, "LibbpfVersion"))
                    .endsWith(", through " + (foreign ? "java.lang.foreign" : "JNA") + ")");
        }
        assertThat(Files.readString(classLog).contains("com.sun.jna."))
                .as("a class of JNA in the host's class-load log").isEqualTo(!foreign);
    }
}
