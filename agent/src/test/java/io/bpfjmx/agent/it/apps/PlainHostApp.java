package io.bpfjmx.agent.it.apps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** A host application with nothing on its class path: says it is ready, then echoes stdin until it closes. */
public final class PlainHostApp {
    private PlainHostApp() {}

    public static void main(String[] args) throws IOException {
        System.out.println("host ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            System.out.println("host echo " + line);
        }
    }
}
