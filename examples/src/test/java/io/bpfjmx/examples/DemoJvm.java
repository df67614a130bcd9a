package io.bpfjmx.examples;

import io.bpfjmx.libbpf.testing.FreePort;
import io.bpfjmx.libbpf.testing.ProcessOutput;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The demo JVM as {@code examples/jolokia/start-demo.sh} starts it (the script execs java, so its process is the
 * JVM), on free ports and on the JDK running the tests. Its stdout and stderr are kept for failure messages.
 */
final class DemoJvm implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern STATUS = Pattern.compile("\"status\":(\\d+)");
    private static final Pattern NUMBER_VALUE = Pattern.compile("\"value\":(\\d+)");

    private final Process process;
    private final ProcessOutput output;
    private final int jolokiaPort;
    private final int prometheusPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DemoJvm(Map<String, String> environment, boolean withJolokia, String... objects) throws IOException {
        jolokiaPort = FreePort.next();
        prometheusPort = FreePort.next();
        ProcessBuilder builder = new ProcessBuilder("bash",
                ExamplePaths.examplesDir().resolve("jolokia/start-demo.sh").toString()).redirectErrorStream(true);
        builder.environment().putAll(env());
        builder.environment().putAll(environment);
        builder.environment().put("JOLOKIA", withJolokia ? "start" : "none");
        builder.environment().put("PROMETHEUS_PORT", Integer.toString(prometheusPort));
        builder.environment().put("BPFJMX_AGENT", ExamplePaths.agentJar().toString());
        builder.environment().put("BPF_OBJECTS", Arrays.stream(objects)
                .map(o -> ExamplePaths.bpfObject(o).toString()).collect(Collectors.joining(" ")));
        process = builder.start();
        output = ProcessOutput.follow(process, "demo-jvm-output");
    }

    /** Starts the demo with these objects (file names in {@code bpf/}), Jolokia beside bpfjmx or not. */
    static DemoJvm start(boolean withJolokia, String... objects) throws IOException {
        return new DemoJvm(Map.of(), withJolokia, objects);
    }

    /** Starts the demo with Jolokia under another policy than the shipped one ({@code JOLOKIA_POLICY}). */
    static DemoJvm startWithPolicy(Path policy, String... objects) throws IOException {
        return new DemoJvm(Map.of("JOLOKIA_POLICY", policy.toAbsolutePath().toString()), true, objects);
    }

    /** What the scripts need to reach this JVM: {@code JOLOKIA_URL}, {@code JOLOKIA_PORT}, {@code JAVA_HOME}. */
    Map<String, String> env() {
        return Map.of("JOLOKIA_URL", jolokiaUrl(), "JOLOKIA_PORT", Integer.toString(jolokiaPort),
                "JAVA_HOME", System.getProperty("java.home"));
    }

    String jolokiaUrl() {
        return "http://127.0.0.1:" + jolokiaPort + "/jolokia";
    }

    String prometheusUrl() {
        return "http://127.0.0.1:" + prometheusPort + "/metrics";
    }

    long pid() {
        return process.pid();
    }

    String output() {
        return output.text();
    }

    /** A Jolokia GET request ({@code read/<mbean>/<attribute>}, {@code exec/...}): the JSON answer. */
    String jolokia(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(jolokiaUrl() + "/" + path)).timeout(TIMEOUT).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A Jolokia request POSTed as JSON (one request, or an array of them): the JSON answer. */
    String jolokiaPost(String request) throws IOException, InterruptedException {
        HttpRequest post = HttpRequest.newBuilder(URI.create(jolokiaUrl())).timeout(TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request)).build();
        return http.send(post, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The status Jolokia gives inside its answer (200, 403 for a refusal by the policy, ...). */
    static int status(String answer) {
        Matcher matcher = STATUS.matcher(answer);
        if (!matcher.find()) {
            throw new AssertionError("no status in " + answer);
        }
        return Integer.parseInt(matcher.group(1));
    }

    /**
     * An integer attribute, read through Jolokia; polled while the MBean is missing, as the meters' are until the
     * first object is loaded.
     */
    int intAttribute(String mbean, String attribute) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            String answer = jolokia("read/" + mbean + "/" + attribute);
            Matcher matcher = NUMBER_VALUE.matcher(answer);
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
            if (!answer.contains("InstanceNotFoundException") || System.nanoTime() > deadline) {
                throw new AssertionError("no number in " + answer);
            }
            Thread.sleep(100);
        }
    }

    /** Waits until the host printed {@code text}; fails with the output if it dies or time runs out. */
    void awaitOutput(String text) throws InterruptedException {
        if (!output.await(text, TIMEOUT)) {
            throw new AssertionError("no \"" + text + "\" from the demo JVM; its output:\n" + output());
        }
    }

    /** Waits until Jolokia answers and says the object's Status is READY. */
    void awaitReady(String object) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String last = "no answer";
        while (!last.contains("\"value\":\"READY\"")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError(object + " not READY through Jolokia (" + last + "); output:\n" + output());
            }
            Thread.sleep(100);
            try {
                last = jolokia("read/io.bpfjmx:type=BpfObject,name=" + object + "/Status");
            } catch (IOException notYet) {
                last = notYet.toString();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
