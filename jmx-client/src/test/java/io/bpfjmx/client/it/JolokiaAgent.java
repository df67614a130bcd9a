package io.bpfjmx.client.it;

import java.util.List;
import java.util.Map;

/** Jolokia's JVM agent in a target JVM, on loopback, with the user and password the ITs give the CLI. */
final class JolokiaAgent {
    /** The environment that holds the password for {@link #CREDENTIALS}. */
    static final Map<String, String> PASSWORD = Map.of("BPFJMX_IT_PASSWORD", "j0l0kia");

    /** The CLI's options that log in to it (every --jolokia target of a run). */
    static final List<String> CREDENTIALS = List.of("--user", "ops", "--password-env", "BPFJMX_IT_PASSWORD");

    private JolokiaAgent() {}

    /** The target JVM's option that starts Jolokia on 127.0.0.1:{@code port}. */
    static String option(int port) {
        return "-javaagent:" + ItPaths.jolokiaAgentJar() + "=port=" + port + ",host=127.0.0.1,user=ops,"
                + "password=" + PASSWORD.get("BPFJMX_IT_PASSWORD");
    }

    static String url(int port) {
        return "http://127.0.0.1:" + port + "/jolokia/";
    }
}
