package io.bpfjmx.agent.it.apps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A host application that shows what the agent may have changed around it: it says it is ready, then, for each
 * line on stdin naming a system property, prints {@code host <name>=<value>} (value {@code null} when unset).
 * It never touches JMX itself.
 */
public final class PropertiesHostApp {
    private PropertiesHostApp() {}

    public static void main(String[] args) throws IOException {
        System.out.println("host ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            System.out.println("host " + line + "=" + System.getProperty(line));
        }
    }
}
