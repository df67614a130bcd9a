package io.bpfjmx.agent.it.apps;

import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.rmi.ssl.SslRMIClientSocketFactory;

/**
 * A JMX client in a JVM of its own, for a connector that speaks TLS: it trusts what this JVM's
 * {@code javax.net.ssl.trustStore} holds, as RMI's TLS socket factories do. It looks the connector up in the
 * registry over TLS, accepts only a stub that uses TLS, connects to {@code -Dbpfjmx.url} as {@code -Dbpfjmx.user}
 * with {@code -Dbpfjmx.password}, prints the Status of the object {@code fixtures} and a lookup in its
 * {@code array_map}, and exits; anything that fails ends it with a stack trace and a non-zero exit code.
 */
public final class TlsJmxClientApp {
    private TlsJmxClientApp() {}

    public static void main(String[] args) throws Exception {
        Map<String, Object> environment = Map.of(
                JMXConnector.CREDENTIALS, new String[] {System.getProperty("bpfjmx.user"),
                        System.getProperty("bpfjmx.password")},
                "com.sun.jndi.rmi.factory.socket", new SslRMIClientSocketFactory(),
                "jmx.remote.x.check.stub", "true");
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(System.getProperty("bpfjmx.url")),
                environment)) {
            MBeanServerConnection mbeans = connector.getMBeanServerConnection();
            ObjectName object = new ObjectName("io.bpfjmx:type=BpfObject,name=fixtures");
            System.out.println("Status " + mbeans.getAttribute(object, "Status"));
            System.out.println("lookupElem " + mbeans.invoke(object, "lookupElem", new Object[] {"array_map",
                    "00000000"}, new String[] {"java.lang.String", "java.lang.String"}));
        }
    }
}
