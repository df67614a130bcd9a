package io.bpfjmx.examples;

/**
 * The demo's host application: it does nothing but stay alive, so that the agents beside it (bpfjmx, Jolokia) can
 * be shown and tested. Stops on SIGTERM or Ctrl-C; the JVM's shutdown hooks then close the BPF objects.
 */
public final class DemoHost {
    private DemoHost() {}

    public static void main(String[] args) throws InterruptedException {
        System.out.println("bpfjmx demo host ready, PID " + ProcessHandle.current().pid());
        Thread.currentThread().join();
    }
}
