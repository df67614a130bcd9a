package io.bpfjmx.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bpfjmx.agent.it.apps.AuditingHostApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit file (agent option {@code auditFile}) of a real host JVM that makes its own updates: every update on
 * disk when the host exits by itself and when it is sent SIGTERM; and a full disk that neither fails nor blocks an
 * update, and is said in the Status and the meters.
 */
class AuditFileIT {
    private static final int UPDATES = 100_000;
    private static final Jdk JDK = Jdk.all().get(0);

    @TempDir
    Path dir;

    private HostJvm.Builder host(Path auditFile, int updates, String... launcher) {
        HostJvm.Builder builder = HostJvm.on(JDK).mainClass(AuditingHostApp.class).javaAgent(ItPaths.agentJar(),
                "object=" + ItPaths.bpfObject("fixtures.bpf.o") + ",attach=false,auditFile=" + auditFile)
                .mainArgs("fixtures", Integer.toString(updates));
        return launcher.length == 0 ? builder : builder.launchedThrough(launcher);
    }

    @Test
    void aHostThatExitsHasEveryUpdateOnRecord() throws Exception {
        Path audit = dir.resolve("audit.log");
        try (HostJvm host = host(audit, UPDATES).start()) {
            host.waitFor("done " + UPDATES + " failed 0", HostJvm.TIMEOUT.multipliedBy(4));
            host.closeInput();
            assertThat(host.waitForExit(30, TimeUnit.SECONDS)).as(host.output()).isZero();
        }
        assertThat(updateRecords(audit)).isEqualTo(UPDATES);
    }

    @Test
    void aHostSentSigtermHasEveryUpdateOnRecord() throws Exception {
        Path audit = dir.resolve("audit.log");
        try (HostJvm host = host(audit, UPDATES).start()) {
            host.waitFor("done " + UPDATES + " failed 0", HostJvm.TIMEOUT.multipliedBy(4));
            host.terminate(); // at once: records may still be queued, and the shutdown hook writes them
            assertThat(host.waitForExit(30, TimeUnit.SECONDS)).as(host.output()).isEqualTo(143);
        }
        assertThat(updateRecords(audit)).isEqualTo(UPDATES);
    }

    @Test
    void aFullDiskNeitherFailsNorBlocksAnUpdateAndIsReported() throws Exception {
        assumeTrue(System.getProperty("user.name").equals("root"), "mounting a small tmpfs needs root");
        Path full = Files.createDirectory(dir.resolve("full"));
        Path audit = full.resolve("audit.log");
        // a 64 KB tmpfs in a mount namespace of the host's own, gone with it; some 400 records fill it
        String[] tinyDisk = {"unshare", "--mount", "--propagation", "private", "sh", "-c",
            "mount -t tmpfs -o size=64k tmpfs " + full + " && exec \"$0\" \"$@\""};
        try (HostJvm host = host(audit, 5_000, tinyDisk).start()) {
            host.waitFor("done " + 5_000 + " failed 0", HostJvm.TIMEOUT.multipliedBy(2));
            String status = (String) host.awaitAttribute(HostJvm.bpfObjectName("fixtures"), "Status",
                    s -> s.toString().contains("cannot write"));
            assertThat(status).startsWith("READY (programs not attached: agent option attach=false) (audit file "
                    + audit + ": cannot write since ").contains("No space left on device")
                    .containsPattern("; \\d+ records lost since the agent started\\)$");
            assertThat(meter(host.connect(), "dropped", "cannot_write")).isPositive();
            assertThat(meter(host.connect(), "written", "none")).isPositive();
            host.waitFor("bpfjmx: the audit file " + audit + " cannot write since ");
        }
    }

    private static long updateRecords(Path audit) throws IOException {
        try (Stream<String> lines = Files.lines(audit)) {
            return lines.filter(line -> line.contains(" object=fixtures map=hash_map operation=update ")
                    && line.endsWith(" outcome=success reason=none")).count();
        }
    }

    private static double meter(MBeanServerConnection jmx, String outcome, String reason) throws Exception {
        Set<ObjectName> names = jmx.queryNames(new ObjectName("metrics:*"), null);
        for (ObjectName name : names) {
            String text = name.toString();
            if (text.contains("bpfjmxAuditRecords") && text.contains(".outcome." + outcome)
                    && text.contains(".reason." + reason)) {
                return ((Number) jmx.getAttribute(name, "Count")).doubleValue();
            }
        }
        throw new AssertionError("no meter bpfjmx.audit.records outcome=" + outcome + " reason=" + reason + " in "
                + names);
    }
}
