package io.bpfjmx.agent.it;

import com.sun.tools.attach.VirtualMachine;
import io.bpfjmx.libbpf.testing.ProcessOutput;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * A real host JVM in its own process, for the agent's integration tests: started on a chosen {@link Jdk}, optionally
 * with {@code -javaagent}, running a host application's main class. Its stdout and stderr are captured together;
 * closing it closes its stdin (host apps exit then) and kills it if it lingers.
 */
public final class HostJvm implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Jdk jdk;
    private final Process process;
    private final ProcessOutput output;
    private JMXConnector connector;

    private HostJvm(Jdk jdk, List<String> command) throws IOException {
        this.jdk = jdk;
        this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
        this.output = ProcessOutput.follow(process, "host-jvm-" + process.pid() + "-output");
    }

    public static Builder on(Jdk jdk) {
        return new Builder(jdk);
    }

    public static final class Builder {
        private final Jdk jdk;
        private final List<String> launcher = new ArrayList<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<Path> classPath = new ArrayList<>();
        private String mainClass;
        private final List<String> mainArgs = new ArrayList<>();

        private Builder(Jdk jdk) {
            this.jdk = jdk;
        }

        /** The host application; the folder holding it goes on the class path. */
        public Builder mainClass(Class<?> main) {
            this.mainClass = main.getName();
            classPath.add(0, ItPaths.locationOf(main));
            return this;
        }

        /** The host application's arguments. */
        public Builder mainArgs(String... args) {
            mainArgs.addAll(List.of(args));
            return this;
        }

        public Builder classPath(List<Path> entries) {
            classPath.addAll(entries);
            return this;
        }

        /** {@code -javaagent:<jar>=<options>} (no {@code =} when options are null). */
        public Builder javaAgent(Path jar, String options) {
            jvmArgs.add("-javaagent:" + jar + (options == null ? "" : "=" + options));
            return this;
        }

        /** For hosts an agent is attached to later: silences JEP 451's warning on JDK 21+. */
        public Builder allowDynamicAgents() {
            if (jdk.feature() >= 21) {
                jvmArgs.add("-XX:+EnableDynamicAgentLoading");
            }
            return this;
        }

        /** Runs the JVM as another (unprivileged) user and group, e.g. {@code nobody} and {@code nogroup}. */
        public Builder runAs(String user, String group) {
            launcher.addAll(List.of("setpriv", "--reuid=" + user, "--regid=" + group, "--clear-groups"));
            return this;
        }

        /** Starts the JVM through {@code command}, which runs its arguments (the java command line) in the end. */
        public Builder launchedThrough(String... command) {
            launcher.addAll(List.of(command));
            return this;
        }

        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        public HostJvm start() throws IOException {
            if (mainClass == null) {
                throw new IllegalStateException("no main class");
            }
            List<String> command = new ArrayList<>(launcher);
            command.add(jdk.java().toString());
            command.addAll(jvmArgs);
            command.add("-cp");
            command.add(classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
            command.add(mainClass);
            command.addAll(mainArgs);
            return new HostJvm(jdk, command);
        }
    }

    public Jdk jdk() {
        return jdk;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the host wrote to stdout and stderr so far. */
    public String output() {
        return output.text();
    }

    /** Waits until the output contains {@code text}; fails, showing the output, if the host dies or time runs out. */
    public void waitFor(String text) throws InterruptedException {
        waitFor(text, TIMEOUT);
    }

    public void waitFor(String text, Duration timeout) throws InterruptedException {
        if (!output.await(text, timeout)) {
            throw new AssertionError((process.isAlive() ? this + ": no \"" + text + "\" within " + timeout
                    : this + " exited with " + process.exitValue() + " before \"" + text + "\"")
                    + "; output:\n" + output());
        }
    }

    /** Waits for the host to exit by itself and returns its exit code; fails, showing the output, on timeout. */
    public int waitForExit(long timeout, TimeUnit unit) throws InterruptedException {
        if (!process.waitFor(timeout, unit)) {
            throw new AssertionError(this + " still running after " + timeout + " " + unit + "; output:\n" + output());
        }
        output.awaitEnd(TIMEOUT); // its last lines
        return process.exitValue();
    }

    /** Sends the host SIGTERM, as a service manager stops it: the JVM runs its shutdown hooks and exits with 143. */
    public void terminate() {
        process.toHandle().destroy(); // the signal only: Process.destroy would also close stdin, and the host exit
    }

    /** Writes one line to the host's stdin. */
    public void send(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Closes the host's stdin: host apps that read it (PlainHostApp) return from main, and the JVM may end. */
    public void closeInput() throws IOException {
        process.getOutputStream().close();
    }

    /**
     * The host's platform MBean server, through the Attach API's local management agent (started in the host on
     * demand). The connection lives until {@link #close()}.
     */
    public MBeanServerConnection connect() throws Exception {
        if (connector == null) {
            connector = JMXConnectorFactory.connect(localJmxAddress());
        }
        return connector.getMBeanServerConnection();
    }

    /** The address of the host's local management agent (RMI on loopback), started on demand through the Attach API. */
    public JMXServiceURL localJmxAddress() throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid()));
        try {
            return new JMXServiceURL(vm.startLocalManagementAgent());
        } finally {
            vm.detach();
        }
    }

    /** Loads {@code jar} into the running host as an agent (its {@code agentmain}), via Byte Buddy. */
    public void attachAgent(Path jar, String options) {
        ByteBuddyAgent.attach(jar.toFile(), Long.toString(pid()), options);
    }

    /**
     * Polls {@code attribute} of {@code name} until {@code done} holds for its value, tolerating the MBean's absence
     * meanwhile; returns that value. Fails, showing the last value and the host's output, on timeout or if the
     * host dies.
     */
    public Object awaitAttribute(ObjectName name, String attribute, Predicate<Object> done) throws Exception {
        MBeanServerConnection jmx = connect();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Object last = "<no MBean " + name + ">";
        while (true) {
            try {
                last = jmx.getAttribute(name, attribute);
                if (done.test(last)) {
                    return last;
                }
            } catch (InstanceNotFoundException notYet) {
                // registered a moment later
            }
            if (!isAlive()) {
                throw new AssertionError(this + " died; " + name + " " + attribute + " was " + last
                        + "; output:\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " " + attribute + " still " + last + " after " + TIMEOUT
                        + "; output:\n" + output());
            }
            Thread.sleep(100);
        }
    }

    /** The settled {@code Status} (not {@code LOADING}) of {@code io.bpfjmx:type=BpfObject,name=<object>}. */
    public String awaitObjectStatus(String object) throws Exception {
        return (String) awaitAttribute(bpfObjectName(object), "Status", s -> s != null && !"LOADING".equals(s));
    }

    public static ObjectName bpfObjectName(String object) throws Exception {
        return new ObjectName("io.bpfjmx:type=BpfObject,name=" + object);
    }

    @Override
    public void close() throws Exception {
        try {
            if (connector != null) {
                connector.close();
            }
        } catch (IOException ignored) {
            // the host may be gone already
        } finally {
            try {
                process.getOutputStream().close();
            } catch (IOException ignored) {
                // already closed
            }
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "host JVM " + pid() + " on " + jdk;
    }
}
