package io.bpfjmx.agent.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Whether clients can reach the connector at the host RMI writes into its stubs. */
class RmiHostTest {
    private static final InetAddress LOOPBACK = address("127.0.0.1");

    @Test
    void theAdvertisedHostMustBeTheOneListenedOn() throws Exception {
        assertThat(RmiHost.problem(LOOPBACK, "127.0.0.1", true, null)).isNull();
        assertThat(RmiHost.problem(LOOPBACK, "10.1.2.3", false, null)).isEqualTo("RMI tells clients to connect to "
                + "10.1.2.3 (this machine's address; -Djava.rmi.server.hostname is not set), where the connector "
                + "does not listen (jmxHost=127.0.0.1); start the JVM with -Djava.rmi.server.hostname=127.0.0.1, or "
                + "give jmxHost=10.1.2.3");
        assertThat(RmiHost.problem(LOOPBACK, "127.0.1.1", true, null)).startsWith("RMI tells clients to connect to "
                + "127.0.1.1 (-Djava.rmi.server.hostname), where");
    }

    @Test
    void everyHostReachesAConnectorOnAllAddresses() {
        assertThat(RmiHost.problem(address("0.0.0.0"), "10.1.2.3", false, null)).isNull();
    }

    @Test
    void guessableObjectIdsAreRefused() {
        assertThat(RmiHost.problem(LOOPBACK, "127.0.0.1", true, "true")).isNull();
        assertThat(RmiHost.problem(LOOPBACK, "127.0.0.1", true, "false")).isEqualTo("the JVM runs with "
                + "-Djava.rmi.server.randomIDs=false, which makes RMI's object ids guessable, so another process "
                + "could use an open JMX connection; remove that option");
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
