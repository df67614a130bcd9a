package io.bpfjmx.agent.it;

import io.bpfjmx.libbpf.testing.FreePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.agent.it.apps.PlainHostApp;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Remote JMX as the JDK's management agent offers it, with a password file and an access file: the
 * {@code readonly} role reads everything it needs as attributes and can change nothing (nor invoke reads: the JDK's
 * rule); the {@code readwrite} role writes what the agent options allow; the audit names who wrote.
 */
@RequiresBpf
class RemoteAccessIT {
    private static final String[] UPDATE = {"java.lang.String", "java.lang.String", "java.lang.String", "long"};
    private static final String[] LOOKUP = {"java.lang.String", "java.lang.String"};
    private static final String DENIED = "Access denied! Invalid access level for requested MBeanServer operation.";

    @TempDir
    Path dir;
    private Path passwords;
    private Path access;

    /** Two users: {@code reader} with the readonly role, {@code writer} with readwrite. */
    @BeforeEach
    void writeUsers() throws Exception {
        passwords = Files.writeString(dir.resolve("jmxremote.password"),
                "reader reader-secret\nwriter writer-secret\n");
        // the JDK refuses a password file that others may read
        Files.setPosixFilePermissions(passwords, PosixFilePermissions.fromString("rw-------"));
        access = Files.writeString(dir.resolve("jmxremote.access"), "reader readonly\nwriter readwrite\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.bpfjmx.agent.it.Jdk#all")
    void readonlyReadsAttributesAndChangesNothingReadwriteWritesAndIsAudited(Jdk jdk) throws Exception {
        int port = FreePort.next();
        try (HostJvm host = withRemoteJmx(HostJvm.on(jdk), port)
                .javaAgent(ItPaths.agentJar(), "object=" + ItPaths.bpfObject("fixtures.bpf.o")
                        + ",attach=false,writableMaps=hash_map")
                .start()) {
            host.waitFor("host ready"); // the JDK's management agent listens before main runs
            try (JMXConnector reader = connect(port, "reader", "reader-secret");
                 JMXConnector writer = connect(port, "writer", "writer-secret")) {
                readAndWrite(host, reader.getMBeanServerConnection(), writer.getMBeanServerConnection());
            }
        }
    }

    private static void readAndWrite(HostJvm host, MBeanServerConnection read, MBeanServerConnection write)
            throws Exception {
        assertThat(host.awaitObjectStatus("fixtures")).isEqualTo("READY (programs not attached: agent option "
                + "attach=false)");
        ObjectName object = HostJvm.bpfObjectName("fixtures");
        ObjectName hashMap = new ObjectName("io.bpfjmx:type=BpfMap,object=fixtures,name=hash_map");
        assertThat(read.getMBeanInfo(hashMap).getNotifications()[0].getNotifTypes())
                .containsExactly("bpfjmx.map.update", "bpfjmx.map.delete", "bpfjmx.map.update_batch",
                        "bpfjmx.map.push", "bpfjmx.map.pop");
        BlockingQueue<Notification> seenByReader = new LinkedBlockingQueue<>();
        read.addNotificationListener(object, (n, handback) -> seenByReader.add(n), null, null);

        write.invoke(object, "updateElem", new Object[] {"hash_map", "07000000", "2a00000000000000", 1L}, UPDATE);

        // what a read-only operator needs, as attributes
        assertThat(read.getAttribute(object, "Status")).asString().startsWith("READY");
        CompositeData shape = ((TabularData) read.getAttribute(object, "Maps")).get(new Object[] {"hash_map"});
        assertThat(shape.getAll(new String[] {"type", "keySize", "valueSize", "maxEntries"}))
                .containsExactly("HASH", 4, 8, 8192);
        assertThat(read.getAttribute(hashMap, "EntryCount")).isEqualTo(1);
        TabularData entries = (TabularData) read.getAttribute(hashMap, "Entries"); // typed by the map's BTF
        assertThat(entries.get(new Object[] {7L}).get("value")).isEqualTo(java.math.BigInteger.valueOf(42));
        assertThat(read.getAttribute(hashMap, "ValueType")).isEqualTo("__u64");
        // and nothing it may invoke, not even a lookup
        assertThatThrownBy(() -> read.invoke(object, "updateElem",
                new Object[] {"hash_map", "07000000", "0000000000000000", 0L}, UPDATE))
                .isExactlyInstanceOf(SecurityException.class).hasMessage(DENIED);
        assertThatThrownBy(() -> read.invoke(object, "lookupElem", new Object[] {"hash_map", "07000000"}, LOOKUP))
                .isExactlyInstanceOf(SecurityException.class).hasMessage(DENIED);
        assertThat(write.invoke(object, "lookupElem", new Object[] {"hash_map", "07000000"}, LOOKUP))
                .as("unchanged by the reader").isEqualTo("2a00000000000000");

        // readwrite is still bound by the agent's writableMaps
        assertThatThrownBy(() -> write.invoke(object, "updateElem",
                new Object[] {"lru_hash", "07000000", "2a00000000000000", 0L}, UPDATE))
                .isExactlyInstanceOf(RuntimeMBeanException.class)
                .cause().isExactlyInstanceOf(UnsupportedOperationException.class)
                .hasMessage("updateElem refused on map 'lru_hash': the map is not among the writable maps (agent "
                        + "option writableMaps=hash_map); add lru_hash there to change it");

        String audit = "principal=writer object=fixtures map=hash_map operation=update key=07000000 "
                + "value=2a00000000000000 flags=1 outcome=success reason=none";
        host.waitFor("bpfjmx audit: " + audit);
        host.waitFor("bpfjmx audit: principal=writer object=fixtures map=lru_hash operation=update key=07000000 "
                + "value=2a00000000000000 flags=0 outcome=rejected reason=writable_maps");
        Notification notification = seenByReader.poll(HostJvm.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(notification).as("audit notification seen by the readonly role").isNotNull();
        assertThat(notification.getType()).isEqualTo("bpfjmx.map.update");
        assertThat(notification.getMessage()).isEqualTo(audit);
        assertThat(((CompositeData) notification.getUserData()).get("principal")).isEqualTo("writer");

        // typed values over RMI: JSON in and out, the same bytes as hex, audited as given, bound by writableMaps
        write.invoke(object, "update", new Object[] {"hash_map", "8", "\"0x2b\"", 0L}, UPDATE);
        assertThat(write.invoke(object, "lookup", new Object[] {"hash_map", "8"}, LOOKUP)).isEqualTo("43");
        assertThat(write.invoke(object, "lookupElem", new Object[] {"hash_map", "08000000"}, LOOKUP))
                .isEqualTo("2b00000000000000");
        host.waitFor("bpfjmx audit: principal=writer object=fixtures map=hash_map operation=update key=8 "
                + "value=\"\\\"0x2b\\\"\" flags=0 outcome=success reason=none");
        assertThatThrownBy(() -> write.invoke(object, "update", new Object[] {"lru_hash", "7", "1", 0L}, UPDATE))
                .cause().isExactlyInstanceOf(UnsupportedOperationException.class)
                .hasMessage("update refused on map 'lru_hash': the map is not among the writable maps (agent "
                        + "option writableMaps=hash_map); add lru_hash there to change it");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.bpfjmx.agent.it.Jdk#all")
    void aWrongPasswordIsRefused(Jdk jdk) throws Exception {
        int port = FreePort.next();
        try (HostJvm host = withRemoteJmx(HostJvm.on(jdk), port).start()) {
            host.waitFor("host ready");
            assertThatThrownBy(() -> connect(port, "writer", "guess"))
                    .isExactlyInstanceOf(SecurityException.class)
                    .hasMessage("Authentication failed! Invalid username or password");
        }
    }

    /**
     * The JDK's management agent on 127.0.0.1:{@code port} (registry and RMI server on the one port), with password
     * authentication (the default) and without TLS, for a test on loopback: see docs/RELIABILITY.md for TLS.
     */
    private HostJvm.Builder withRemoteJmx(HostJvm.Builder host, int port) {
        return host.mainClass(PlainHostApp.class)
                .jvmArg("-Dcom.sun.management.jmxremote.port=" + port)
                .jvmArg("-Dcom.sun.management.jmxremote.rmi.port=" + port)
                .jvmArg("-Dcom.sun.management.jmxremote.host=127.0.0.1")
                .jvmArg("-Dcom.sun.management.jmxremote.ssl=false")
                .jvmArg("-Dcom.sun.management.jmxremote.password.file=" + passwords)
                .jvmArg("-Dcom.sun.management.jmxremote.access.file=" + access);
    }

    private static JMXConnector connect(int port, String user, String password) throws Exception {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        return JMXConnectorFactory.connect(url, Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}));
    }

}
