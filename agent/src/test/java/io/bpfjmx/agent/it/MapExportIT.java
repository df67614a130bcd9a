package io.bpfjmx.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.agent.it.apps.PlainHostApp;
import io.bpfjmx.libbpf.testing.Bpftool;
import io.bpfjmx.libbpf.testing.FreePort;
import io.bpfjmx.libbpf.testing.Le;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seed's example as metrics, end to end in a real host JVM: the agent loads {@code log_syscalls.bpf.o} with
 * {@code export=syscall_count_map/key=comm}, a command runs, and its system-call count, as bpftool reads it from the
 * map, is what Prometheus scrapes as {@code bpf_map_value{comm=…}} and JMX shows under {@code metrics}.
 *
 * <p>The command is a copy of {@code cat} under a name of its own, so that no other process on the machine counts
 * under it and the count stays still once it exits.
 */
@RequiresBpf
class MapExportIT {
    private static final String[] UPDATE = {"java.lang.String", "java.lang.String", "long"};

    @TempDir
    Path commands;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.bpfjmx.agent.it.Jdk#all")
    void theSyscallCountOfACommandIsScrapedAsBpftoolReadsIt(Jdk jdk) throws Exception {
        int port = FreePort.next();
        String options = "object=" + ItPaths.bpfObject("log_syscalls.bpf.o")
                + ",export=syscall_count_map/key=comm:nosuch,exportInterval=100ms,prometheusPort=" + port;
        try (HostJvm host = HostJvm.on(jdk).mainClass(PlainHostApp.class).javaAgent(ItPaths.agentJar(), options)
                .start()) {
            host.waitFor("host ready");
            assertThat(host.awaitObjectStatus("log_syscalls")).as(host.output()).isEqualTo("READY");
            host.waitFor("bpfjmx: export: object 'log_syscalls' has no map 'nosuch'; its maps: syscall_count_map "
                    + "(add /object=<object> to export a map of one object only)");
            MBeanServerConnection jmx = host.connect();
            ObjectName map = new ObjectName("io.bpfjmx:type=BpfMap,object=log_syscalls,name=syscall_count_map");
            String comm = "xcat" + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
            jmx.invoke(map, "update", new Object[] {comm, "0", 1L}, UPDATE);

            Path command = Files.copy(Path.of("/bin/cat"), commands.resolve(comm));
            Process process = new ProcessBuilder(command.toString(), "/proc/version").start();
            process.getInputStream().readAllBytes();
            assertThat(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0).as("%s ran", comm).isTrue();

            int mapId = (Integer) jmx.getAttribute(map, "Id");
            String keyHex = HexFormat.of().formatHex(Le.cString(comm, 128));
            int counted = Le.readU32(HexFormat.of().parseHex(Bpftool.entries(mapId).get(keyHex)), 0);
            assertThat(counted).as("system calls of %s, as bpftool reads them", comm).isPositive();

            String series = "bpf_map_value{comm=\"" + comm + "\",map=\"syscall_count_map\",object=\"log_syscalls\"} ";
            String scrape = awaitScrape(host, port, series + counted + ".0\n");
            assertThat(scrape).contains("# TYPE bpf_map_value gauge\n")
                    .contains("bpfjmx_export_series{map=\"syscall_count_map\",object=\"log_syscalls\"} 1.0\n")
                    .contains("bpfjmx_export_refreshes_total{map=\"syscall_count_map\",object=\"log_syscalls\","
                            + "outcome=\"success\",reason=\"none\"} ");

            ObjectName gauge = new ObjectName("metrics:name=bpfMapValue.comm." + comm
                    + ".map.syscall_count_map.object.log_syscalls,type=gauges");
            assertThat(((Number) host.awaitAttribute(gauge, "Value", value -> value != null)).doubleValue())
                    .as("JMX, domain metrics").isEqualTo(counted);
            // the JMX registry joins before the export registers meters: Micrometer has nothing to warn about
            assertThat(host.output()).doesNotContain("A MeterRegistry is being added");
        }
    }

    /** Scrapes the host's Prometheus endpoint until the text holds {@code line}; fails showing the last scrape. */
    private static String awaitScrape(HostJvm host, int port, String line) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
        long deadline = System.nanoTime() + HostJvm.TIMEOUT.toNanos();
        String text = "";
        while (System.nanoTime() < deadline) {
            try {
                text = http.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
                if (text.contains(line)) {
                    return text;
                }
            } catch (java.io.IOException notYet) {
                // the endpoint starts on the agent's loader thread
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + line.strip() + " in the scrape:\n" + text + "\nhost output:\n"
                + host.output());
    }
}
