package io.bpfjmx.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.agent.it.apps.PlainHostApp;
import io.bpfjmx.agent.it.apps.TlsJmxClientApp;
import io.bpfjmx.libbpf.testing.FreePort;
import io.bpfjmx.libbpf.testing.KeyTool;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.management.Attribute;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerDelegate;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * bpfjmx's own JMX connector ({@code jmxPort}), used by real JMX clients over the network stack: it shows only
 * bpfjmx's MBeans and meters, its roles are bpfjmx's (read, write, write limited to maps), the audit names who
 * wrote, wrong passwords are refused and counted, TLS works with a key store keytool made, a connector that cannot
 * start leaves the host running and says why, and it never keeps the JVM alive.
 */
@RequiresBpf
class OwnConnectorIT {
    private static final Jdk JDK = Jdk.all().get(0);
    private static final String[] UPDATE = {"java.lang.String", "java.lang.String", "java.lang.String", "long"};
    private static final String[] TWO_STRINGS = {"java.lang.String", "java.lang.String"};
    private static final String ACCESS_TEXT = "reader read\nwriter write\nlimited write maps=hash_map:.data\n";
    private static final ObjectName OBJECT = name("io.bpfjmx:type=BpfObject,name=fixtures");
    private static final ObjectName HASH_MAP = name("io.bpfjmx:type=BpfMap,object=fixtures,name=hash_map");
    private static final ObjectName LRU_HASH = name("io.bpfjmx:type=BpfMap,object=fixtures,name=lru_hash");
    private static final ObjectName CONNECTOR = name("io.bpfjmx:type=RemoteConnector");

    @TempDir
    Path dir;
    private Path passwords;
    private Path access;

    @BeforeEach
    void writeUsers() throws Exception {
        passwords = ownerOnly("bpfjmx.password",
                "reader reader-secret\nwriter writer-secret\nlimited limited-secret\nnobody nobody-secret\n");
        access = ownerOnly("bpfjmx.access", ACCESS_TEXT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.bpfjmx.agent.it.Jdk#all")
    void showsOnlyBpfjmxAndGivesEachRoleItsOperations(Jdk jdk) throws Exception {
        int port = FreePort.next();
        try (HostJvm host = host(jdk, port, "").start()) {
            host.waitFor("bpfjmx: JMX connector LISTENING on " + url(port) + " (no TLS, loopback only)");
            try (JMXConnector reader = connect(port, "reader", "reader-secret");
                 JMXConnector writer = connect(port, "writer", "writer-secret");
                 JMXConnector limited = connect(port, "limited", "limited-secret")) {
                nothingButBpfjmxIsReachable(reader.getMBeanServerConnection(), writer.getMBeanServerConnection());
                theRegistryCannotBeChangedNorOtherClassesSent(port, writer.getMBeanServerConnection());
                theReadRoleReadsAndChangesNothing(reader.getMBeanServerConnection(),
                        writer.getMBeanServerConnection());
                aMapLimitedRoleChangesItsMapsOnly(limited.getMBeanServerConnection());
            }
            host.waitFor("bpfjmx audit: principal=writer object=fixtures map=hash_map operation=update key=07000000 "
                    + "value=2a00000000000000 flags=0 outcome=success reason=none");
            host.waitFor("bpfjmx audit: principal=limited object=fixtures map=hash_map operation=update key=08000000 "
                    + "value=2b00000000000000 flags=0 outcome=success reason=none");
            host.waitFor("bpfjmx audit: principal=limited object=fixtures map=fixtures.data operation=update "
                    + "key=00000000 value=08000000 flags=0 outcome=success reason=none");
            assertThat(host.output()).as("refused before reaching the map: nothing to audit")
                    .doesNotContain("principal=reader", "principal=limited object=fixtures map=lru_hash");
        }
    }

    private static void nothingButBpfjmxIsReachable(MBeanServerConnection reader, MBeanServerConnection writer)
            throws Exception {
        Set<ObjectName> names = reader.queryNames(null, null);
        assertThat(names).extracting(ObjectName::getDomain).containsOnly("io.bpfjmx", "metrics");
        assertThat(names).contains(OBJECT, HASH_MAP, CONNECTOR);
        assertThat(names).anyMatch(name -> name.getDomain().equals("metrics"));
        assertThat(reader.queryNames(name("java.lang:*"), null)).isEmpty();
        assertThat(reader.queryNames(name("*:type=Runtime"), null)).isEmpty();
        assertThat(reader.getMBeanCount()).isEqualTo(names.size());
        assertThat(reader.getDomains()).containsExactlyInAnyOrder("io.bpfjmx", "metrics");
        assertThat(reader.getAttribute(CONNECTOR, "Address")).isNotNull();

        ObjectName runtime = name("java.lang:type=Runtime");
        assertThat(reader.isRegistered(runtime)).isFalse();
        assertThatThrownBy(() -> reader.getAttribute(runtime, "VmName"))
                .isExactlyInstanceOf(InstanceNotFoundException.class)
                .hasMessage("java.lang:type=Runtime is not reachable through bpfjmx's JMX connector, which shows only "
                        + "the MBeans of the domains io.bpfjmx and metrics; other MBeans are for the JDK's own "
                        + "connector");
        assertThatThrownBy(() -> writer.invoke(name("java.util.logging:type=Logging"), "setLoggerLevel",
                new Object[] {"io.bpfjmx.audit", "OFF"}, TWO_STRINGS))
                .as("the audit cannot be switched off").isExactlyInstanceOf(InstanceNotFoundException.class);
        assertThatThrownBy(() -> writer.invoke(name("com.sun.management:type=DiagnosticCommand"), "jvmtiAgentLoad",
                new Object[] {new String[] {"/tmp/agent.so"}}, new String[] {String[].class.getName()}))
                .as("no JVMTI agent in a CAP_BPF process").isExactlyInstanceOf(InstanceNotFoundException.class);
        assertThatThrownBy(() -> writer.getMBeanInfo(name("com.sun.management:type=DiagnosticCommand")))
                .isExactlyInstanceOf(InstanceNotFoundException.class);
        assertThatThrownBy(() -> writer.addNotificationListener(MBeanServerDelegate.DELEGATE_NAME,
                (notification, handback) -> { }, null, null))
                .isExactlyInstanceOf(InstanceNotFoundException.class);
        assertThatThrownBy(() -> writer.createMBean("javax.management.timer.Timer", name("io.bpfjmx:type=Timer")))
                .isExactlyInstanceOf(SecurityException.class)
                .hasMessage("bpfjmx's JMX connector does not create MBeans; user 'writer' was refused");
        assertThatThrownBy(() -> writer.unregisterMBean(HASH_MAP))
                .hasMessage("bpfjmx's JMX connector does not unregister MBeans; user 'writer' was refused");
        assertThatThrownBy(() -> writer.setAttribute(name("java.lang:type=Memory"), new Attribute("Verbose", true)))
                .isExactlyInstanceOf(InstanceNotFoundException.class);
        assertThatThrownBy(() -> writer.setAttribute(HASH_MAP, new Attribute("EntryCount", 0)))
                .isExactlyInstanceOf(SecurityException.class)
                .hasMessage("bpfjmx's JMX connector does not set attributes (bpfjmx's MBeans have none to set: their "
                        + "operations change maps); user 'writer' was refused");
    }

    /**
     * No process may rebind the registry's name to a server of its own (and collect the next clients' passwords);
     * and a client's parameters are read only when they are of the few classes JMX clients send.
     */
    private static void theRegistryCannotBeChangedNorOtherClassesSent(int port, MBeanServerConnection writer)
            throws Exception {
        Registry registry = LocateRegistry.getRegistry("127.0.0.1", port);
        Remote connector = registry.lookup("jmxrmi");
        assertThatThrownBy(() -> registry.rebind("jmxrmi", connector)).isInstanceOf(RemoteException.class);
        assertThatThrownBy(() -> registry.unbind("jmxrmi")).isInstanceOf(RemoteException.class);
        assertThat(registry.list()).containsExactly("jmxrmi");

        assertThatThrownBy(() -> writer.invoke(OBJECT, "lookupElem", new Object[] {new File("/etc/passwd"), "00"},
                new String[] {File.class.getName(), "java.lang.String"}))
                .hasStackTraceContaining("filter status: REJECTED");
    }

    private void theReadRoleReadsAndChangesNothing(MBeanServerConnection reader, MBeanServerConnection writer)
            throws Exception {
        BlockingQueue<Notification> seenByReader = new LinkedBlockingQueue<>();
        reader.addNotificationListener(OBJECT, (n, handback) -> seenByReader.add(n), null, null);
        writer.invoke(OBJECT, "updateElem", new Object[] {"hash_map", "07000000", "2a00000000000000", 0L}, UPDATE);
        writer.invoke(LRU_HASH, "updateElem", new Object[] {"07000000", "0100000000000000", 0L},
                new String[] {"java.lang.String", "java.lang.String", "long"});

        assertThat(reader.getAttribute(OBJECT, "Status")).asString().startsWith("READY");
        assertThat(reader.getAttribute(HASH_MAP, "EntryCount")).isEqualTo(1);
        assertThat(reader.invoke(OBJECT, "lookupElem", new Object[] {"hash_map", "07000000"}, TWO_STRINGS))
                .isEqualTo("2a00000000000000");
        assertThat(reader.invoke(OBJECT, "lookup", new Object[] {"hash_map", "7"}, TWO_STRINGS)).isEqualTo("42");
        assertThat(reader.invoke(OBJECT, "getNextKey", new Object[] {"hash_map", null}, TWO_STRINGS))
                .isEqualTo("07000000");
        assertThat(((TabularData) reader.invoke(OBJECT, "dumpMap", new Object[] {"hash_map", 10},
                new String[] {"java.lang.String", "int"})).size()).isEqualTo(1);
        assertThat(reader.invoke(HASH_MAP, "lookupElem", new Object[] {"07000000"},
                new String[] {"java.lang.String"})).isEqualTo("2a00000000000000");

        assertThatThrownBy(() -> reader.invoke(OBJECT, "updateElem",
                new Object[] {"hash_map", "07000000", "0000000000000000", 0L}, UPDATE))
                .isExactlyInstanceOf(SecurityException.class)
                .hasMessage("user 'reader' has the role 'read' in the access file " + access
                        + ", which invokes only operations of impact INFO (reads); updateElem on " + OBJECT
                        + " has impact ACTION; give reader the role 'write' (or 'write maps=hash_map') in that file");
        assertThatThrownBy(() -> reader.invoke(HASH_MAP, "deleteElem", new Object[] {"07000000"},
                new String[] {"java.lang.String"})).isExactlyInstanceOf(SecurityException.class);
        assertThat(writer.invoke(OBJECT, "lookupElem", new Object[] {"hash_map", "07000000"}, TWO_STRINGS))
                .as("unchanged by the reader").isEqualTo("2a00000000000000");

        Notification notification = seenByReader.poll(HostJvm.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(notification).as("the writer's update, seen by the reader").isNotNull();
        assertThat(notification.getMessage()).startsWith("principal=writer object=fixtures map=hash_map");
    }

    private void aMapLimitedRoleChangesItsMapsOnly(MBeanServerConnection limited) throws Exception {
        limited.invoke(OBJECT, "updateElem", new Object[] {"hash_map", "08000000", "2b00000000000000", 0L}, UPDATE);
        limited.invoke(OBJECT, "update", new Object[] {"hash_map", "9", "44", 0L}, UPDATE);
        limited.invoke(HASH_MAP, "deleteElem", new Object[] {"09000000"}, new String[] {"java.lang.String"});
        limited.invoke(OBJECT, "updateElem", new Object[] {".data", "00000000", "08000000", 0L}, UPDATE);
        assertThat(limited.invoke(OBJECT, "lookupElem", new Object[] {"fixtures.data", "00000000"}, TWO_STRINGS))
                .isEqualTo("08000000");

        String role = "user 'limited' has the role 'write maps=hash_map:.data' in the access file "
                + access;
        assertThatThrownBy(() -> limited.invoke(OBJECT, "updateElem",
                new Object[] {"lru_hash", "07000000", "2a00000000000000", 0L}, UPDATE))
                .isExactlyInstanceOf(SecurityException.class)
                .hasMessage(role + ", which may not change the map 'lru_hash' (updateElem on " + OBJECT + "); add "
                        + "lru_hash to its maps= in that file, e.g. 'limited write maps=hash_map:.data:lru_hash'");
        assertThatThrownBy(() -> limited.invoke(LRU_HASH, "deleteElem", new Object[] {"07000000"},
                new String[] {"java.lang.String"}))
                .hasMessage(role + ", which may not change the map 'lru_hash' (deleteElem on " + LRU_HASH + "); add "
                        + "lru_hash to its maps= in that file, e.g. 'limited write maps=hash_map:.data:lru_hash'");
        assertThatThrownBy(() -> limited.invoke(OBJECT, "updateElem",
                new Object[] {"hash_ma", "07000000", "2a00000000000000", 0L}, UPDATE))
                .hasMessageStartingWith(role + ", which changes only the maps it names: 'hash_ma' (updateElem on "
                        + OBJECT + ") names none of the object's maps exactly (");
        assertThatThrownBy(() -> limited.invoke(OBJECT, "reload", new Object[0], new String[0]))
                .hasMessage(role + ", which may not invoke reload on " + OBJECT + ": it acts on the whole MBean, not "
                        + "on one of the maps hash_map:.data; give limited the role 'write' in that file");
    }

    @Test
    void wrongCredentialsAreRefusedCountedAndLoggedWithoutThePassword() throws Exception {
        int port = FreePort.next();
        try (HostJvm host = host(JDK, port, "").start()) {
            host.waitFor("bpfjmx: JMX connector LISTENING on " + url(port));
            assertThatThrownBy(() -> connect(port, "writer", "guessed-password"))
                    .isExactlyInstanceOf(SecurityException.class)
                    .hasMessage("Authentication failed! Invalid username or password");
            assertThatThrownBy(() -> connect(port, "root", "guessed-password"))
                    .hasMessage("Authentication failed! Invalid username or password");
            assertThatThrownBy(() -> connect(port, "nobody", "nobody-secret"))
                    .hasMessage("Access denied! User nobody has no role in bpfjmx's access file");
            assertThatThrownBy(() -> JMXConnectorFactory.connect(new JMXServiceURL(url(port))))
                    .isExactlyInstanceOf(SecurityException.class);
            host.waitFor("bpfjmx: JMX authentication failed for user 'writer' from 127.0.0.1: wrong password");
            host.waitFor("bpfjmx: JMX authentication failed for user 'root' from 127.0.0.1: no such user in the "
                    + "password file");
            host.waitFor("bpfjmx: JMX authentication failed for user 'nobody' from 127.0.0.1: the user has no role in "
                    + "the access file " + access);
            assertThat(host.output()).doesNotContain("guessed-password");

            try (JMXConnector reader = connect(port, "reader", "reader-secret")) {
                MBeanServerConnection mbeans = reader.getMBeanServerConnection();
                assertThat(logins(mbeans, "failed", "wrong_password")).isEqualTo(1);
                assertThat(logins(mbeans, "failed", "unknown_user")).isEqualTo(1);
                assertThat(logins(mbeans, "failed", "no_role")).isEqualTo(1);
                assertThat(logins(mbeans, "failed", "malformed")).isEqualTo(1);
                assertThat(logins(mbeans, "success", "none")).isEqualTo(1);
            }
        }
    }

    /** {@code bpfjmx.jmx.authentications} with that outcome and reason, read through the connector itself. */
    private static long logins(MBeanServerConnection mbeans, String outcome, String reason) throws Exception {
        Set<ObjectName> found = mbeans.queryNames(name("metrics:name=bpfjmxJmxAuthentications.outcome." + outcome
                + ".reason." + reason + ",*"), null);
        assertThat(found).as("the meter of " + outcome + "/" + reason).hasSize(1);
        return ((Number) mbeans.getAttribute(found.iterator().next(), "Count")).longValue();
    }

    @Test
    void aConnectorThatCannotStartSaysWhyAndTheHostRunsOn() throws Exception {
        int port = FreePort.next();
        try (HostJvm host = HostJvm.on(JDK).mainClass(PlainHostApp.class).allowDynamicAgents()
                .jvmArg("-Djava.rmi.server.hostname=127.0.0.1")
                .javaAgent(ItPaths.agentJar(), "object=" + ItPaths.bpfObject("fixtures.bpf.o") + ",attach=false")
                .start()) {
            host.waitFor("host ready"); // attaching earlier, while the JVM starts, can fail inside the JDK
            assertThat(host.awaitObjectStatus("fixtures")).startsWith("READY");
            Files.setPosixFilePermissions(passwords, PosixFilePermissions.fromString("rw-r--r--"));
            assertThat(attachConnector(host, "jmxPort=" + port + ",jmxPasswordFile=" + passwords + ",jmxAccessFile="
                    + access)).isEqualTo("FAILED: the file " + passwords + " (agent option jmxPasswordFile) has the "
                    + "permissions rw-r--r--: its group or others may use it; only its owner may: chmod 600 "
                    + passwords);
            host.waitFor("bpfjmx: JMX connector not started: the file " + passwords);
            Files.setPosixFilePermissions(passwords, PosixFilePermissions.fromString("rw-------"));

            assertThat(attachConnector(host, "jmxPort=" + port + ",jmxPasswordFile=" + passwords)).isEqualTo(
                    "FAILED: agent option jmxPort=" + port + " needs jmxAccessFile=<file> (lines '<user> read', "
                            + "'<user> write' or '<user> write maps=<map>:<map>', chmod 600): without it no user has "
                            + "a role");

            try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
                assertThat(attachConnector(host, "jmxPort=" + port + ",jmxPasswordFile=" + passwords
                        + ",jmxAccessFile=" + access)).startsWith("FAILED: cannot listen on 127.0.0.1:" + port + ": ")
                        .contains("Address already in use").endsWith("; choose another jmxPort, or stop what holds it");
            }
            assertThat(host.isAlive()).isTrue();
            assertThat(host.awaitObjectStatus("fixtures")).startsWith("READY");

            assertThat(attachConnector(host, "jmxPort=" + port + ",jmxPasswordFile=" + passwords + ",jmxAccessFile="
                    + access)).as("tried again by the next attach").isEqualTo("LISTENING on " + url(port)
                    + " (no TLS, loopback only)");
            try (JMXConnector reader = connect(port, "reader", "reader-secret")) {
                assertThat(reader.getMBeanServerConnection().getAttribute(OBJECT, "Status")).asString()
                        .startsWith("READY");
            }
        }
    }

    /** Attaches the agent with these options and waits for the connector's settled Status. */
    private static String attachConnector(HostJvm host, String options) throws Exception {
        int before = count(host.output(), "bpfjmx: JMX connector ");
        host.attachAgent(ItPaths.agentJar(), options);
        long deadline = System.nanoTime() + HostJvm.TIMEOUT.toNanos();
        while (count(host.output(), "bpfjmx: JMX connector ") == before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return (String) host.connect().getAttribute(CONNECTOR, "Status");
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    @Test
    void tlsWithAKeyStoreKeytoolMadeAndNoPlainClient() throws Exception {
        KeyTool stores = KeyTool.makeStores(dir);
        int port = FreePort.next();
        try (HostJvm host = host(JDK, port, ",jmxSsl=true,jmxKeyStore=" + stores.keyStore()
                + ",jmxKeyStorePasswordFile=" + stores.passwordFile()).start()) {
            host.waitFor("bpfjmx: JMX connector LISTENING on " + url(port) + " (TLS)");
            assertThatThrownBy(() -> connect(port, "reader", "reader-secret")).as("a plain client")
                    .isInstanceOf(IOException.class);

            HostJvm.Builder client = HostJvm.on(JDK).mainClass(TlsJmxClientApp.class)
                    .jvmArg("-Dbpfjmx.url=" + url(port)).jvmArg("-Dbpfjmx.user=reader")
                    .jvmArg("-Dbpfjmx.password=reader-secret");
            try (HostJvm trusting = client.jvmArg("-Djavax.net.ssl.trustStore=" + stores.trustStore())
                    .jvmArg("-Djavax.net.ssl.trustStorePassword=" + stores.password()).start()) {
                assertThat(trusting.waitForExit(60, TimeUnit.SECONDS)).as(trusting.output()).isZero();
                assertThat(trusting.output()).contains("Status READY", "lookupElem 0000000000000000");
            }
            try (HostJvm untrusting = HostJvm.on(JDK).mainClass(TlsJmxClientApp.class)
                    .jvmArg("-Dbpfjmx.url=" + url(port)).jvmArg("-Dbpfjmx.user=reader")
                    .jvmArg("-Dbpfjmx.password=reader-secret").start()) {
                assertThat(untrusting.waitForExit(60, TimeUnit.SECONDS)).as("a server it does not trust").isNotZero();
                assertThat(untrusting.output()).contains("unable to find valid certification path");
            }
        }
    }

    @Test
    void theConnectorDoesNotKeepTheJvmAliveEvenWithAClientConnected() throws Exception {
        int port = FreePort.next();
        try (HostJvm host = host(JDK, port, "").start()) {
            host.waitFor("bpfjmx: JMX connector LISTENING on " + url(port));
            try (JMXConnector reader = connect(port, "reader", "reader-secret")) {
                assertThat(reader.getMBeanServerConnection().getAttribute(OBJECT, "Status")).asString()
                        .startsWith("READY");
                host.closeInput(); // the host's main returns
                assertThat(host.waitForExit(30, TimeUnit.SECONDS)).isZero();
            } catch (IOException closingALostConnection) {
                // the JVM went away under the client, as it should
            }
        }
    }

    /**
     * A host whose agent loads fixtures.bpf.o and serves the connector on 127.0.0.1:{@code port}; RMI is told that
     * address, as the operator guide says (-Djava.rmi.server.hostname).
     */
    private HostJvm.Builder host(Jdk jdk, int port, String moreOptions) {
        return HostJvm.on(jdk).mainClass(PlainHostApp.class)
                .jvmArg("-Djava.rmi.server.hostname=127.0.0.1")
                .javaAgent(ItPaths.agentJar(), "object=" + ItPaths.bpfObject("fixtures.bpf.o") + ",attach=false,"
                        + "jmxPort=" + port + ",jmxPasswordFile=" + passwords + ",jmxAccessFile=" + access
                        + moreOptions);
    }

    private static String url(int port) {
        return "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi";
    }

    private static JMXConnector connect(int port, String user, String password) throws IOException {
        return JMXConnectorFactory.connect(new JMXServiceURL(url(port)),
                Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}));
    }

    private Path ownerOnly(String file, String text) throws Exception {
        Path path = Files.writeString(dir.resolve(file), text);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        return path;
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
