package io.bpfjmx.agent.it.apps;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;

/**
 * A host application with its own, older JNA and Micrometer on the class path (ClassPathClashIT runs it with
 * {@code target/it-libs}). It uses only APIs both its versions and the agent's have, so it compiles against either.
 * Each round calls libc's {@code getpid} through its JNA and increments a counter; one round at start, one more
 * per line on stdin.
 */
public final class ClashHostApp {
    private ClashHostApp() {}

    public interface CLibrary extends Library {
        int getpid();
    }

    public static void main(String[] args) throws Exception {
        CLibrary libc = Native.load("c", CLibrary.class);
        MeterRegistry registry = new SimpleMeterRegistry();
        Counter counter = registry.counter("host.rounds");
        // Native.VERSION is a compile-time constant (of a package-private interface): read it reflectively to get
        // the version actually loaded, not the one compiled against
        Field version = Native.class.getField("VERSION");
        version.setAccessible(true);
        System.out.println("host jna " + version.get(null) + " from " + jarOf(Native.class));
        System.out.println("host micrometer from " + jarOf(MeterRegistry.class));
        int round = 1;
        round(round, libc, counter);
        System.out.println("host ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            round(++round, libc, counter);
        }
    }

    private static void round(int round, CLibrary libc, Counter counter) {
        counter.increment();
        System.out.println("host round " + round + ": getpid() = " + libc.getpid() + ", host.rounds = "
                + counter.count());
    }

    private static String jarOf(Class<?> type) {
        String path = type.getProtectionDomain().getCodeSource().getLocation().getPath();
        return path.substring(path.lastIndexOf('/', path.length() - 2) + 1);
    }
}
