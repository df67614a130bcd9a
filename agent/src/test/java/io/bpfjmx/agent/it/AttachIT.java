package io.bpfjmx.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.agent.it.apps.PlainHostApp;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent attached by PID to a running host, more than once: a second attach reuses the running agent, leaves a
 * loaded object as it is, and loads a FAILED one again; over JMX, {@code reload} does the same for a FAILED object,
 * and re-opens one whose programs are not attached.
 */
@RequiresBpf
class AttachIT {
    private static final String[] NO_ARGUMENTS = {};

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
            host.waitFor("bpfjmx: object " + ItPaths.bpfObject("fixtures.bpf.o") + " is already loaded; not loading "
                    + "it again");
            // objects load one after another on the agent's one loader thread: once a later object is READY,
            // anything the second attach could have queued has run
            host.attachAgent(ItPaths.agentJar(), "object=" + ItPaths.bpfObject("log_syscalls.bpf.o") + ",attach=false");
            assertThat(host.awaitObjectStatus("log_syscalls")).as(host.output()).startsWith("READY");
            assertThat(host.awaitObjectStatus("fixtures")).as(host.output()).isEqualTo("READY");
            assertThat(jmx.queryNames(everything, null).stream()
                    .filter(name -> !name.toString().contains("log_syscalls")).collect(Collectors.toSet()))
                    .isEqualTo(first);

            host.send("still there?");
            host.waitFor("host echo still there?");
            assertThat(host.output()).as("no stack traces").doesNotContain("\tat ");
        }
    }

    /** The CLI's advice for a FAILED object, "fix the cause and attach again", works. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.bpfjmx.agent.it.Jdk#all")
    void aFailedObjectIsLoadedAgainByTheNextAttach(Jdk jdk, @TempDir Path dir) throws Exception {
        Path late = dir.resolve("late.bpf.o");
        try (HostJvm host = HostJvm.on(jdk).mainClass(PlainHostApp.class).allowDynamicAgents().start()) {
            host.waitFor("host ready");
            host.attachAgent(ItPaths.agentJar(), "object=" + late);
            assertThat(host.awaitObjectStatus("late")).as(host.output())
                    .startsWith("FAILED: open of object '" + late + "' failed: ENOENT");

            Files.copy(ItPaths.bpfObject("fixtures.bpf.o"), late);
            host.attachAgent(ItPaths.agentJar(), "object=" + late + ",attach=false");
            // LOADING from the attach on, so that whoever attached does not read the old FAILED
            assertThat(host.awaitObjectStatus("late")).as(host.output())
                    .isEqualTo("READY (programs not attached: agent option attach=false)");
            assertThat(host.connect().queryNames(new ObjectName("io.bpfjmx:type=BpfMap,object=late,*"), null))
                    .hasSize(12);
            host.waitFor("bpfjmx: object " + late + " failed before; loading it again");
            assertThat(host.output()).as("no stack traces").doesNotContain("\tat ");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.bpfjmx.agent.it.Jdk#all")
    void reloadOverJmxLoadsAFailedObjectFromItsFile(Jdk jdk, @TempDir Path dir) throws Exception {
        Path later = dir.resolve("later.bpf.o");
        Path guarded = dir.resolve("guarded.bpf.o");
        try (HostJvm host = HostJvm.on(jdk).mainClass(PlainHostApp.class).allowDynamicAgents().start()) {
            host.waitFor("host ready");
            host.attachAgent(ItPaths.agentJar(), "object=" + later + ",attach=false");
            host.attachAgent(ItPaths.agentJar(), "object=" + guarded + ",readOnly=true");
            assertThat(host.awaitObjectStatus("later")).as(host.output()).startsWith("FAILED: ");
            assertThat(host.awaitObjectStatus("guarded")).as(host.output()).startsWith("FAILED: ");
            MBeanServerConnection jmx = host.connect();
            ObjectName object = HostJvm.bpfObjectName("later");
            MBeanOperationInfo reload = Arrays.stream(jmx.getMBeanInfo(object).getOperations())
                    .filter(o -> o.getName().equals("reload")).findFirst().orElseThrow();
            assertThat(reload.getImpact()).isEqualTo(MBeanOperationInfo.ACTION);
            assertThat(reload.getReturnType()).isEqualTo(String.class.getName());

            Files.copy(ItPaths.bpfObject("fixtures.bpf.o"), later);
            Files.copy(ItPaths.bpfObject("fixtures.bpf.o"), guarded);
            assertThat(jmx.invoke(object, "reload", null, NO_ARGUMENTS))
                    .isEqualTo("READY (programs not attached: agent option attach=false)");
            assertThat(jmx.getAttribute(object, "Status"))
                    .isEqualTo("READY (programs not attached: agent option attach=false)");
            assertThat(jmx.queryNames(new ObjectName("io.bpfjmx:type=BpfMap,object=later,*"), null)).hasSize(12);
            host.waitFor("bpfjmx audit: principal=(none) object=later operation=reload outcome=success reason=none");

            // none of its programs is attached (attach=false): reload re-opens it (ProgramSwitchIT refuses one)
            assertThat(jmx.invoke(object, "reload", null, NO_ARGUMENTS))
                    .isEqualTo("READY (programs not attached: agent option attach=false)");
            assertThat(jmx.queryNames(new ObjectName("io.bpfjmx:type=BpfMap,object=later,*"), null)).hasSize(12);
            assertThatThrownBy(() -> jmx.invoke(HostJvm.bpfObjectName("guarded"), "reload", null, NO_ARGUMENTS))
                    .isInstanceOf(RuntimeMBeanException.class).cause()
                    .isExactlyInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("reload refused on object 'guarded': bpfjmx runs read-only (agent option "
                            + "readOnly=true); attach the agent again with the object to load it again");
            assertThat(jmx.getAttribute(HostJvm.bpfObjectName("guarded"), "Status")).asString().startsWith("FAILED");
            host.waitFor("bpfjmx audit: principal=(none) object=guarded operation=reload outcome=rejected "
                    + "reason=read_only_mode");
            assertThat(host.output()).as("no stack traces").doesNotContain("\tat ");
        }
    }
}
