package io.bpfjmx.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code updateElem("hash_map", "2a000000", "0700000000000000", 0)} (key 42, value 7, BPF_ANY: the update that
 * {@code update_loop.c} times in C) on {@code io.bpfjmx:type=BpfObject,name=fixtures} in another JVM, per call:
 * <ul>
 *   <li>{@link #updateElemRmi}: the JDK's JMX remote connector (RMI on loopback);</li>
 *   <li>{@link #updateElemJolokiaJmx}: Jolokia's standard {@link JMXConnector} ({@code jolokia-client-jmx-adapter},
 *       the code path of {@code bpfjmx --jolokia}), one HTTP POST per call;</li>
 *   <li>{@link #updateElemJolokiaHttp}: a raw Jolokia {@code exec} request, an HTTP/1.1 POST with the JDK's
 *       {@link HttpClient} on a kept-alive connection, what a script with curl would send.</li>
 * </ul>
 * Each trial starts its own host JVM ({@link BenchmarkHost}) with the bpfjmx agent (fixtures.bpf.o), the JMX remote
 * connector and the Jolokia JVM agent, on free loopback ports, and stops it afterwards.
 *
 * <p>{@link #httpServerNoDelay} sets the host's {@code sun.net.httpserver.nodelay}: the Jolokia JVM agent serves
 * HTTP with the JDK's {@code com.sun.net.httpserver}, which by default leaves Nagle's algorithm on, so a response
 * written in two parts waits for the client's delayed ACK (about 40 ms on Linux) on every call.
 *
 * <p>System properties: {@code bpfjmx.bpfDir} (fixtures.bpf.o), {@code bpfjmx.agentJar}, {@code
 * bpfjmx.jolokiaAgentJar}, {@code bpfjmx.hostClassPath} (a class path holding only {@link BenchmarkHost}: not the
 * benchmarks jar, which carries the agent's classes), and {@code java.util.logging.config.file}, passed on to the
 * host (where the agent's audit log goes). {@code benchmarks/run.sh} sets them all.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class RemoteUpdateBenchmark {
    private static final String[] SIGNATURE = {"java.lang.String", "java.lang.String", "java.lang.String", "long"};
    private static final Object[] ARGUMENTS = {"hash_map", "2a000000", "0700000000000000", 0L};
    private static final String OBJECT = "io.bpfjmx:type=BpfObject,name=fixtures";
    private static final String JOLOKIA_EXEC = "{\"type\":\"exec\",\"mbean\":\"" + OBJECT + "\","
            + "\"operation\":\"updateElem\",\"arguments\":[\"hash_map\",\"2a000000\",\"0700000000000000\",0]}";

    /** The host JVM's {@code -Dsun.net.httpserver.nodelay}: {@code false} is the JDK's default. */
    @Param("false")
    public boolean httpServerNoDelay;

    private Process host;
    private JMXConnector rmi;
    private JMXConnector jolokia;
    private MBeanServerConnection rmiMBeans;
    private MBeanServerConnection jolokiaMBeans;
    private HttpClient http;
    private HttpRequest exec;
    private ObjectName object;

    @Setup(Level.Trial)
    public void startHost() throws Exception {
        Path root = Path.of(System.getProperty("bpfjmx.bpfDir", "bpf")).toAbsolutePath().getParent();
        Path fixtures = root.resolve("bpf/fixtures.bpf.o");
        String agentJar = System.getProperty("bpfjmx.agentJar", root.resolve("agent/target/bpfjmx-agent.jar")
                .toString());
        String jolokiaJar = System.getProperty("bpfjmx.jolokiaAgentJar",
                root.resolve("benchmarks/target/jolokia-agent-jvm-javaagent.jar").toString());
        String hostClassPath = System.getProperty("bpfjmx.hostClassPath",
                root.resolve("benchmarks/target/classes").toString());
        for (String file : List.of(fixtures.toString(), agentJar, jolokiaJar, hostClassPath)) {
            if (!Files.exists(Path.of(file))) {
                throw new IllegalStateException("missing " + file + " (run benchmarks/run.sh)");
            }
        }
        int jmxPort = freePort();
        int jolokiaPort = freePort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("-javaagent:" + agentJar + "=object=" + fixtures);
        command.add("-javaagent:" + jolokiaJar + "=port=" + jolokiaPort + ",host=127.0.0.1");
        command.add("-Dcom.sun.management.jmxremote.port=" + jmxPort);
        command.add("-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort);
        command.add("-Dcom.sun.management.jmxremote.host=127.0.0.1");
        command.add("-Djava.rmi.server.hostname=127.0.0.1");
        command.add("-Dcom.sun.management.jmxremote.authenticate=false");
        command.add("-Dcom.sun.management.jmxremote.ssl=false");
        command.add("-Dsun.net.httpserver.nodelay=" + httpServerNoDelay);
        String logging = System.getProperty("java.util.logging.config.file");
        if (logging != null) { // the audit log where this JVM's goes (benchmarks/logging.properties: a file)
            command.add("-Djava.util.logging.config.file=" + logging);
        }
        command.addAll(List.of("-cp", hostClassPath, BenchmarkHost.class.getName(), "fixtures"));
        // standard input stays a pipe: the host ends when this JVM does, however it ends
        host = new ProcessBuilder(command).redirectErrorStream(true).start();
        awaitReady();

        object = new ObjectName(OBJECT);
        rmi = JMXConnectorFactory.connect(new JMXServiceURL(
                "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"));
        rmiMBeans = rmi.getMBeanServerConnection();
        jolokia = JMXConnectorFactory.connect(new JMXServiceURL("jolokia", "127.0.0.1", jolokiaPort, "/jolokia/"));
        jolokiaMBeans = jolokia.getMBeanServerConnection();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        exec = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + jolokiaPort + "/jolokia/"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JOLOKIA_EXEC)).build();

        // each path really writes the map
        updateElemRmi();
        updateElemJolokiaJmx();
        updateElemJolokiaHttp();
        Object value = rmiMBeans.invoke(object, "lookupElem", new Object[] {"hash_map", "2a000000"},
                new String[] {"java.lang.String", "java.lang.String"});
        if (!"0700000000000000".equals(value)) {
            throw new IllegalStateException("lookupElem after updateElem gave " + value);
        }
    }

    /** Waits for the host's {@code ready READY} line; its output is read (and kept) until it ends. */
    private void awaitReady() throws Exception {
        BufferedReader output = new BufferedReader(new InputStreamReader(host.getInputStream(),
                StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try {
                boolean ready = false;
                for (String line; (line = output.readLine()) != null; ) {
                    if (!ready) { // after "ready", the output is only drained
                        ready = line.startsWith("ready ");
                        synchronized (lines) {
                            lines.add(line);
                            lines.notifyAll();
                        }
                    }
                }
            } catch (IOException e) {
                // the host is gone
            }
        }, "benchmark-host-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        synchronized (lines) {
            while (lines.stream().noneMatch(line -> line.startsWith("ready "))) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !host.isAlive()) {
                    host.destroyForcibly();
                    throw new IllegalStateException("host JVM did not get ready:\n" + String.join("\n", lines));
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            String ready = lines.stream().filter(line -> line.startsWith("ready ")).findFirst().orElseThrow();
            if (!ready.equals("ready READY")) {
                host.destroyForcibly();
                throw new IllegalStateException("fixtures not loaded in the host JVM: " + String.join("\n", lines));
            }
        }
    }

    @TearDown(Level.Trial)
    public void stopHost() throws Exception {
        for (JMXConnector connector : new JMXConnector[] {rmi, jolokia}) {
            if (connector != null) {
                try {
                    connector.close();
                } catch (IOException e) {
                    // the host goes anyway
                }
            }
        }
        if (host != null) {
            host.getOutputStream().close();
            host.destroy();
            if (!host.waitFor(10, TimeUnit.SECONDS)) {
                host.destroyForcibly().waitFor();
            }
        }
    }

    @Benchmark
    public Object updateElemRmi() throws Exception {
        return rmiMBeans.invoke(object, "updateElem", ARGUMENTS, SIGNATURE);
    }

    @Benchmark
    public Object updateElemJolokiaJmx() throws Exception {
        return jolokiaMBeans.invoke(object, "updateElem", ARGUMENTS, SIGNATURE);
    }

    @Benchmark
    public String updateElemJolokiaHttp() throws Exception {
        HttpResponse<String> response = http.send(exec, HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        if (response.statusCode() != 200 || !body.contains("\"status\":200")) {
            throw new IllegalStateException("Jolokia exec failed: HTTP " + response.statusCode() + " " + body);
        }
        return body;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
