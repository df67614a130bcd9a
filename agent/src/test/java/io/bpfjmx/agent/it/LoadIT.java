package io.bpfjmx.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.agent.it.apps.LoadHostApp;
import io.bpfjmx.libbpf.testing.Bpftool;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Load through real JMX into a real host, bounded in count and time: concurrent clients lose no update and race
 * fairly, and a million updates leave resident memory flat and the meters and the audit in step with the calls.
 * The default counts keep the suite short; {@code scripts/soak.sh} runs the full ones (system properties
 * {@value #CLIENT_UPDATES_PROPERTY} and {@value #UPDATES_PROPERTY}).
 */
@RequiresBpf
class LoadIT {
    static final String CLIENT_UPDATES_PROPERTY = "bpfjmx.load.clientUpdates";
    static final String UPDATES_PROPERTY = "bpfjmx.load.updates";
    private static final int CLIENTS = 8;
    private static final int CLIENT_UPDATES = Integer.getInteger(CLIENT_UPDATES_PROPERTY, 5_000);
    private static final int KEYS_PER_CLIENT = 500;
    private static final int RACE_FIRST_KEY = 100_000;
    private static final int RACE_KEYS = 1000;
    private static final int WARM_UP = 200_000;
    private static final int UPDATES = Integer.getInteger(UPDATES_PROPERTY, 1_000_000);
    private static final int KEYS = 1024;
    /** A leak of 16 bytes per update would be 16 MB; the rest is allowance for JIT and malloc arenas. */
    private static final long RESIDENT_GROWTH_LIMIT_KIB = 12 * 1024;
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(15);
    private static final String[] UPDATE = {"java.lang.String", "java.lang.String", "java.lang.String", "long"};
    private static final Pattern UPDATED = Pattern.compile("updated (\\d+) in (\\d+) ms");
    private static final Jdk JDK = Jdk.all().get(0);

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void eightJmxClientsLoseNoUpdateAndEachNoexistRaceHasOneWinner() throws Exception {
        try (HostJvm host = startHost()) {
            MBeanServerConnection jmx = host.connect();
            int hashMap = mapId(jmx, "hash_map");
            JMXServiceURL address = host.localJmxAddress();
            long start = System.nanoTime();
            List<Integer> done = inParallel(client -> ownKeys(address, client));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            long total = (long) CLIENTS * CLIENT_UPDATES;
            assertThat(done.stream().mapToLong(Integer::longValue).sum()).isEqualTo(total);
            System.out.printf("load: %d JMX clients × %d updates on their own keys over RMI: %d ms, %.0f updates/s%n",
                    CLIENTS, CLIENT_UPDATES, millis, total * 1000.0 / millis);
            assertThat(Bpftool.entries(hashMap)).as("every key holds its client's last value, read by bpftool")
                    .isEqualTo(expectedOwnKeys());
            assertThat(operations(jmx, "success", "none")).as("a fresh host: these updates only").isEqualTo(total);
            assertThat(durations(jmx, "success")).isEqualTo(total);

            List<List<Integer>> wins = inParallel(client -> race(address, client));
            Map<String, String> entries = Bpftool.entries(hashMap);
            for (int key = RACE_FIRST_KEY; key < RACE_FIRST_KEY + RACE_KEYS; key++) {
                int raced = key;
                List<Integer> winners = new ArrayList<>();
                for (int client = 0; client < CLIENTS; client++) {
                    if (wins.get(client).contains(raced)) {
                        winners.add(client);
                    }
                }
                assertThat(winners).as("winners of key %d", key).hasSize(1);
                assertThat(entries.get(LoadHostApp.u32(key))).isEqualTo(LoadHostApp.u64(winners.get(0)));
            }
            long successes = operations(jmx, "success", "none");
            long conflicts = operations(jmx, "failed", "EEXIST");
            String audit = audit(host);
            System.out.printf("load: NOEXIST race of %d JMX clients on %d shared keys: one winner per key; meters: %d "
                    + "successes, %d EEXIST in all; %s%n", CLIENTS, RACE_KEYS, successes, conflicts, audit);
            assertThat(successes).isEqualTo(total + RACE_KEYS);
            assertThat(conflicts).isEqualTo((CLIENTS - 1L) * RACE_KEYS);
            long writes = total + (long) CLIENTS * RACE_KEYS;
            assertThat(audit).isEqualTo("audit records=" + writes + " notifications=" + writes);
            assertThat(host.isAlive()).isTrue();
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void aMillionUpdatesThroughTheMBeanLeaveResidentMemoryFlat() throws Exception {
        try (HostJvm host = startHost()) {
            MBeanServerConnection jmx = host.connect();
            updateInHost(host, WARM_UP); // JIT, meters, pools
            long before = residentKiB(host);
            long millis = updateInHost(host, UPDATES);
            long after = residentKiB(host);
            long successes = operations(jmx, "success", "none");
            long timed = durations(jmx, "success");
            String audit = audit(host);
            System.out.printf("load: %d updates through the MBean in the host (after %d to warm up): %d ms, %.0f "
                    + "updates/s; resident memory %d KiB before, %d KiB after (%+d KiB); meters: %d successes, %d "
                    + "timed; %s%n", UPDATES, WARM_UP, millis, UPDATES * 1000.0 / millis, before, after,
                    after - before, successes, timed, audit);
            assertThat(after - before).isLessThan(RESIDENT_GROWTH_LIMIT_KIB);
            long calls = WARM_UP + (long) UPDATES;
            assertThat(successes).isEqualTo(calls);
            assertThat(timed).isEqualTo(calls);
            assertThat(audit).isEqualTo("audit records=" + calls + " notifications=" + calls);
            Map<String, String> entries = Bpftool.entries(mapId(jmx, "hash_map"));
            assertThat(entries).hasSize(KEYS);
            int last = UPDATES - 1;
            assertThat(entries).containsEntry(LoadHostApp.u32(last % KEYS), LoadHostApp.u64(last));
        }
    }

    /** A host with a fixed, pre-touched heap (so resident memory shows native memory), counting the audit. */
    private static HostJvm startHost() throws Exception {
        HostJvm host = HostJvm.on(JDK).mainClass(LoadHostApp.class)
                .jvmArg("-Xms256m").jvmArg("-Xmx256m").jvmArg("-XX:+AlwaysPreTouch")
                .javaAgent(ItPaths.agentJar(), "object=" + ItPaths.bpfObject("fixtures.bpf.o") + ",attach=false")
                .start();
        host.waitFor("host ready");
        assertThat(host.awaitObjectStatus("fixtures")).startsWith("READY");
        host.send("listen fixtures");
        host.waitFor("listening");
        return host;
    }

    /**
     * Client {@code client}'s updates of its own keys, each value naming the client and the update's number.
     *
     * @return the number of updates made
     */
    private static int ownKeys(JMXServiceURL address, int client) throws Exception {
        try (JMXConnector connector = JMXConnectorFactory.connect(address)) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            ObjectName object = HostJvm.bpfObjectName("fixtures");
            for (int i = 0; i < CLIENT_UPDATES; i++) {
                jmx.invoke(object, "updateElem", new Object[] {"hash_map", LoadHostApp.u32(ownKey(client, i)),
                    LoadHostApp.u64(((long) client << 32) | i), 0L}, UPDATE);
            }
        }
        return CLIENT_UPDATES;
    }

    private static int ownKey(int client, int update) {
        return client * KEYS_PER_CLIENT + update % KEYS_PER_CLIENT;
    }

    private static Map<String, String> expectedOwnKeys() {
        Map<String, String> expected = new HashMap<>();
        for (int client = 0; client < CLIENTS; client++) {
            for (int i = Math.max(0, CLIENT_UPDATES - KEYS_PER_CLIENT); i < CLIENT_UPDATES; i++) {
                expected.put(LoadHostApp.u32(ownKey(client, i)), LoadHostApp.u64(((long) client << 32) | i));
            }
        }
        return expected;
    }

    /** Client {@code client} inserts every shared key with NOEXIST, from its own offset; returns the keys it won. */
    private static List<Integer> race(JMXServiceURL address, int client) throws Exception {
        List<Integer> won = new ArrayList<>();
        try (JMXConnector connector = JMXConnectorFactory.connect(address)) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            ObjectName object = HostJvm.bpfObjectName("fixtures");
            for (int i = 0; i < RACE_KEYS; i++) {
                int key = RACE_FIRST_KEY + (i + client * (RACE_KEYS / CLIENTS)) % RACE_KEYS;
                try {
                    jmx.invoke(object, "updateElem", new Object[] {"hash_map", LoadHostApp.u32(key),
                        LoadHostApp.u64(client), 1L}, UPDATE);
                    won.add(key);
                } catch (RuntimeMBeanException e) {
                    assertThat(e.getCause()).isExactlyInstanceOf(IllegalStateException.class)
                            .hasMessage("update of map 'hash_map' failed: EEXIST (key exists and flags=NOEXIST)");
                }
            }
        }
        return won;
    }

    private interface Client<T> {
        T run(int client) throws Exception;
    }

    /** Runs every client on a thread of its own, at once; their results in client order. */
    private static <T> List<T> inParallel(Client<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<T>> clients = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                int id = client;
                clients.add(pool.submit(() -> work.run(id)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> client : clients) {
                results.add(client.get(STEP_TIMEOUT.toMinutes(), TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Updates {@code count} times from inside the host; returns how long that took there. */
    private static long updateInHost(HostJvm host, int count) throws Exception {
        int before = host.output().length();
        host.send("update fixtures hash_map 0 " + KEYS + " " + count);
        host.waitFor("updated " + count + " in", STEP_TIMEOUT);
        Matcher updated = UPDATED.matcher(host.output().substring(before));
        assertThat(updated.find()).isTrue();
        return Long.parseLong(updated.group(2));
    }

    private static String audit(HostJvm host) throws Exception {
        int before = host.output().length();
        host.send("audit");
        host.waitFor("notifications=");
        return host.output().substring(before).lines().filter(l -> l.startsWith("audit records=")).findFirst()
                .orElseThrow();
    }

    private static long residentKiB(HostJvm host) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + host.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/" + host.pid() + "/status");
    }

    private static int mapId(MBeanServerConnection jmx, String map) throws Exception {
        return (Integer) jmx.getAttribute(new ObjectName("io.bpfjmx:type=BpfMap,object=fixtures,name=" + map), "Id");
    }

    /** {@code bpfjmx.map.operations} of hash_map updates with that outcome and reason. */
    private static long operations(MBeanServerConnection jmx, String outcome, String reason) throws Exception {
        return meter(jmx, "metrics:name=bpfjmxMapOperations.map.hash_map.object.fixtures.operation.update.outcome."
                + outcome + ".reason." + reason + ",type=meters");
    }

    /** The count of {@code bpfjmx.map.operation.duration} of hash_map updates with that outcome. */
    private static long durations(MBeanServerConnection jmx, String outcome) throws Exception {
        return meter(jmx, "metrics:name=bpfjmxMapOperationDuration.map.hash_map.object.fixtures.operation.update"
                + ".outcome." + outcome + ",type=timers");
    }

    private static long meter(MBeanServerConnection jmx, String name) throws Exception {
        try {
            return (Long) jmx.getAttribute(new ObjectName(name), "Count");
        } catch (InstanceNotFoundException none) {
            return 0;
        }
    }
}
