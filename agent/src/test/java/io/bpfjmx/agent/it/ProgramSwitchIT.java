package io.bpfjmx.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.agent.it.apps.PlainHostApp;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Programs turned off and on over JMX in a real host, against the real kernel: a detached program stops counting
 * (programs.bpf.o's count_exec counts every exec of the system into {@code calls[2]}, so while it is detached that
 * counter cannot move), and counts again once attached; {@code reload} re-opens an object whose programs are all
 * detached from its file, which may have changed meanwhile.
 */
@RequiresBpf
class ProgramSwitchIT {
    private static final String[] NAME = {"java.lang.String"};
    private static final String[] LOOKUP = {"java.lang.String", "java.lang.String"};
    private static final String[] NO_ARGUMENTS = {};

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.bpfjmx.agent.it.Jdk#all")
    void aDetachedProgramStopsCountingAndCountsAgainOnceAttached(Jdk jdk) throws Exception {
        try (HostJvm host = HostJvm.on(jdk).mainClass(PlainHostApp.class)
                .javaAgent(ItPaths.agentJar(), "object=" + ItPaths.bpfObject("programs.bpf.o")).start()) {
            host.waitFor("host ready");
            assertThat(host.awaitObjectStatus("programs")).as(host.output())
                    .startsWith("READY (maps usable; not attached: attach of program 'missing_kprobe'");
            MBeanServerConnection jmx = host.connect();
            ObjectName object = HostJvm.bpfObjectName("programs");
            for (String operation : new String[] {"detachProgram", "attachProgram"}) {
                MBeanOperationInfo info = Arrays.stream(jmx.getMBeanInfo(object).getOperations())
                        .filter(o -> o.getName().equals(operation)).findFirst().orElseThrow();
                assertThat(info.getImpact()).isEqualTo(MBeanOperationInfo.ACTION);
                assertThat(info.getSignature()).extracting(p -> p.getName()).containsExactly("programName");
                assertThat(info.getDescription()).contains("read-only");
            }

            assertThat(jmx.invoke(object, "detachProgram", new Object[] {"count_exec"}, NAME))
                    .isEqualTo("program 'count_exec' detached from tracepoint/sched/sched_process_exec");
            assertThat(attachState(jmx, object, "count_exec")).isEqualTo("DETACHED");
            assertThat(attachState(jmx, object, "count_getpid")).isEqualTo("ATTACHED");
            assertThat((String) jmx.getAttribute(object, "Status"))
                    .startsWith("READY (programs detached: count_exec; not attached: attach of program "
                            + "'missing_kprobe'");
            long detached = execCount(jmx);
            runTrueThreeTimes();
            assertThat(execCount(jmx)).as("no program runs to count these execs").isEqualTo(detached);
            assertThat(jmx.invoke(object, "detachProgram", new Object[] {"count_exec"}, NAME))
                    .isEqualTo("program 'count_exec' is not attached (DETACHED); nothing changed");

            assertThat(jmx.invoke(object, "attachProgram", new Object[] {"count_exec"}, NAME))
                    .isEqualTo("program 'count_exec' attached at tracepoint/sched/sched_process_exec");
            assertThat(attachState(jmx, object, "count_exec")).isEqualTo("ATTACHED");
            runTrueThreeTimes();
            assertThat(execCount(jmx)).as("its own three execs at least").isGreaterThanOrEqualTo(detached + 3);
            assertThat((String) jmx.getAttribute(object, "Status"))
                    .startsWith("READY (not attached: attach of program 'missing_kprobe'");
            assertThat(jmx.invoke(object, "attachProgram", new Object[] {"count_exec"}, NAME))
                    .isEqualTo("program 'count_exec' is attached already; nothing changed");

            assertThatThrownBy(() -> jmx.invoke(object, "detachProgram", new Object[] {"count_nothing"}, NAME))
                    .isInstanceOf(RuntimeMBeanException.class).cause()
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("no program 'count_nothing' in object 'programs'; its programs are: count_getpid, "
                            + "count_getppid, count_exec, missing_kprobe");
            assertThatThrownBy(() -> jmx.invoke(object, "attachProgram", new Object[] {"missing_kprobe"}, NAME))
                    .isInstanceOf(RuntimeMBeanException.class).cause()
                    .isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("attach of program 'missing_kprobe' (kprobe/bpfjmx_no_such_function) "
                            + "failed: ");
            assertThat(attachState(jmx, object, "missing_kprobe")).isEqualTo("FAILED");

            String audit = "bpfjmx audit: principal=(none) object=programs operation=";
            host.waitFor(audit + "detach_program program=count_exec outcome=success reason=none");
            host.waitFor(audit + "detach_program program=count_exec outcome=success reason=unchanged");
            host.waitFor(audit + "attach_program program=count_exec outcome=success reason=none");
            host.waitFor(audit + "attach_program program=count_exec outcome=success reason=unchanged");
            host.waitFor(audit + "detach_program program=count_nothing outcome=rejected reason=unknown_program");
            host.waitFor(audit + "attach_program program=missing_kprobe outcome=failed reason=E");
            assertThat(host.output()).as("no stack traces").doesNotContain("\tat ");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.bpfjmx.agent.it.Jdk#all")
    void reloadReopensAnObjectWhoseProgramsAreDetachedFromItsFile(Jdk jdk, @TempDir Path dir) throws Exception {
        Path app = dir.resolve("app.bpf.o");
        Files.copy(ItPaths.bpfObject("log_syscalls.bpf.o"), app);
        try (HostJvm host = HostJvm.on(jdk).mainClass(PlainHostApp.class).allowDynamicAgents().start()) {
            host.waitFor("host ready");
            host.attachAgent(ItPaths.agentJar(), "object=" + app);
            host.attachAgent(ItPaths.agentJar(), "object=" + ItPaths.bpfObject("log_syscalls.bpf.o")
                    + ",readOnly=true");
            assertThat(host.awaitObjectStatus("app")).as(host.output()).isEqualTo("READY");
            assertThat(host.awaitObjectStatus("log_syscalls")).as(host.output()).isEqualTo("READY");
            MBeanServerConnection jmx = host.connect();
            ObjectName object = HostJvm.bpfObjectName("app");

            assertThatThrownBy(() -> jmx.invoke(object, "reload", null, NO_ARGUMENTS))
                    .isInstanceOf(RuntimeMBeanException.class).cause()
                    .isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage("object 'app' is READY with programs attached (log_syscalls); reload re-opens only a "
                            + "FAILED object, or one whose programs are all detached: detach them first "
                            + "(detachProgram)");
            jmx.invoke(object, "detachProgram", new Object[] {"log_syscalls"}, NAME);
            assertThat(jmx.getAttribute(object, "Status")).isEqualTo("READY (programs detached: log_syscalls)");

            // a new build of the file, as a redeploy brings it: here another object under the same name
            Files.copy(ItPaths.bpfObject("programs.bpf.o"), app, StandardCopyOption.REPLACE_EXISTING);
            assertThat((String) jmx.invoke(object, "reload", null, NO_ARGUMENTS))
                    .startsWith("READY (maps usable; not attached: attach of program 'missing_kprobe'");
            assertThat(((TabularData) jmx.getAttribute(object, "Maps")).keySet()).isEqualTo(Set.of(List.of("calls")));
            assertThat(jmx.queryNames(new ObjectName("io.bpfjmx:type=BpfMap,object=app,*"), null))
                    .containsExactly(new ObjectName("io.bpfjmx:type=BpfMap,object=app,name=calls"));
            assertThat(attachState(jmx, object, "count_exec")).isEqualTo("ATTACHED");
            assertThat(jmx.invoke(new ObjectName("io.bpfjmx:type=BpfMap,object=app,name=calls"), "lookup",
                    new Object[] {"0"}, NAME)).as("the new map MBean works").isNotNull();
            host.waitFor("bpfjmx: object " + app + " loads again from its file (reload)");
            host.waitFor("bpfjmx audit: principal=(none) object=app operation=reload outcome=rejected "
                    + "reason=programs_attached");
            host.waitFor("bpfjmx audit: principal=(none) object=app operation=reload outcome=success reason=none");

            ObjectName guarded = HostJvm.bpfObjectName("log_syscalls");
            assertThatThrownBy(() -> jmx.invoke(guarded, "detachProgram", new Object[] {"log_syscalls"}, NAME))
                    .isInstanceOf(RuntimeMBeanException.class).cause()
                    .isExactlyInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("detachProgram refused on object 'log_syscalls': bpfjmx runs read-only (agent option "
                            + "readOnly=true); start the agent without readOnly=true to turn programs on and off");
            assertThat(attachState(jmx, guarded, "log_syscalls")).isEqualTo("ATTACHED");
            host.waitFor("bpfjmx audit: principal=(none) object=log_syscalls operation=detach_program "
                    + "program=log_syscalls outcome=rejected reason=read_only_mode");
            assertThat(host.output()).as("no stack traces").doesNotContain("\tat ");
        }
    }

    private static String attachState(MBeanServerConnection jmx, ObjectName object, String program)
            throws Exception {
        CompositeData row = ((TabularData) jmx.getAttribute(object, "Programs")).get(new Object[] {program});
        return (String) row.get("attachState");
    }

    /** {@code calls[2]}: how often count_exec ran. */
    private static long execCount(MBeanServerConnection jmx) throws Exception {
        return Long.parseLong((String) jmx.invoke(HostJvm.bpfObjectName("programs"), "lookup",
                new Object[] {"calls", "2"}, LOOKUP));
    }

    private static void runTrueThreeTimes() throws Exception {
        for (int i = 0; i < 3; i++) {
            Process process = new ProcessBuilder("true").start();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
