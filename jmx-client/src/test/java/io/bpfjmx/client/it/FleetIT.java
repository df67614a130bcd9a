package io.bpfjmx.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.client.it.Cli.Result;
import io.bpfjmx.libbpf.testing.FreePort;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI on a fleet of three JVMs: one behind Jolokia (with the bpfjmx agent from the start), one by PID (which the
 * fleet's attach gives the agent), and one that went down (its Jolokia URL and its PID lead nowhere). Every command
 * answers one block per target in the order given, the live ones really change, and the exit code is the worst.
 */
@RequiresBpf
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIT {
    @TempDir
    static Path dir;

    private static TargetJvm viaJolokia;
    private static TargetJvm viaPid;
    private static String jolokia;
    private static String pid;
    private static String downUrl;
    private static String downPid;
    /** The Jolokia URLs, the live one and the one of the JVM that went down: the fleet's --targets file. */
    private static Path urls;

    @BeforeAll
    static void startTheFleet() throws Exception {
        int port = FreePort.next();
        jolokia = JolokiaAgent.url(port);
        viaJolokia = TargetJvm.start(ItPaths.java(), List.of(JolokiaAgent.option(port), ItPaths.agentWithFixtures()));
        viaPid = TargetJvm.start(ItPaths.java(), List.of("-XX:+EnableDynamicAgentLoading"));
        pid = Long.toString(viaPid.pid());
        int downPort = FreePort.next();
        downUrl = JolokiaAgent.url(downPort);
        TargetJvm down = TargetJvm.start(ItPaths.java(), List.of(JolokiaAgent.option(downPort),
                ItPaths.agentWithFixtures()));
        downPid = Long.toString(down.pid());
        down.close();
        urls = Files.writeString(dir.resolve("fleet.txt"), "# behind Jolokia\n" + jolokia + "\n" + downUrl
                + "   # went down\n");
    }

    @AfterAll
    static void stopTheFleet() throws Exception {
        for (TargetJvm target : new TargetJvm[] {viaJolokia, viaPid}) {
            if (target != null) {
                target.close();
            }
        }
    }

    @Test
    @Order(1)
    void attachToSeveralPidsLoadsEachAndSaysWhichIsGone() {
        Result attach = Cli.run("attach", pid, downPid, "--object", ItPaths.bpfObject("fixtures.bpf.o").toString());
        assertThat(attach.exitCode()).as(attach.toString()).isEqualTo(4);
        assertThat(attach.out()).startsWith("pid " + pid + ": attached the bpfjmx agent to JVM " + pid + "\n")
                .containsPattern("(?m)^pid " + pid + ": fixtures\\s+READY\\s+12\\s+/")
                .endsWith("pid " + downPid + ": failed (exit 4): there is no process " + downPid + "\n");
        assertThat(attach.err()).contains("bpfjmx attach: 1 of 2 targets failed; exit code 4");
    }

    @Test
    @Order(2)
    void updateWritesEveryLiveTargetAndTheDownOneSaysSo() {
        Result update = fleet("update", "hash_map", "int:7001", "int:7001", "--flags", "noexist");
        assertThat(update.exitCode()).as(update.toString()).isEqualTo(4);
        assertThat(update.out().lines()).satisfiesExactly(
                line -> assertThat(line).isEqualTo(jolokia + ": updated fixtures/hash_map: int:7001 = int:7001"),
                line -> assertThat(line).startsWith(downUrl + ": failed (exit 4): cannot connect to " + downUrl),
                line -> assertThat(line).isEqualTo("pid " + pid + ": updated fixtures/hash_map: int:7001 = int:7001"));
        assertThat(update.err()).contains(downUrl + ":   is a Jolokia agent listening there",
                "bpfjmx update: 1 of 3 targets failed; exit code 4, the worst of theirs");

        // each live JVM has the entry, as that JVM alone says (one target: the output of before, unprefixed)
        Result byJolokia = alone("lookup", "--jolokia", jolokia, "hash_map", "int:7001");
        assertThat(byJolokia.out()).as(byJolokia.toString()).isEqualTo("KEY       VALUE\nint:7001  int:7001\n");
        Result byPid = alone("lookup", "--pid", pid, "hash_map", "int:7001");
        assertThat(byPid.out()).as(byPid.toString()).isEqualTo("KEY       VALUE\nint:7001  int:7001\n");
    }

    @Test
    @Order(3)
    void lookupShowsEveryLineOfEachTargetAfterItAndOneJsonLineEach() {
        Result text = fleet("lookup", "hash_map", "int:7001");
        assertThat(text.exitCode()).as(text.toString()).isEqualTo(4);
        assertThat(text.out()).startsWith(jolokia + ": KEY       VALUE\n" + jolokia + ": int:7001  int:7001\n"
                + downUrl + ": failed (exit 4): ")
                .endsWith("pid " + pid + ": KEY       VALUE\npid " + pid + ": int:7001  int:7001\n");

        Result json = fleet("lookup", "hash_map", "7001", "--json");
        assertThat(json.exitCode()).as(json.toString()).isEqualTo(4);
        assertThat(json.out().lines()).satisfiesExactly(
                line -> assertThat(line).isEqualTo("{\"target\":\"" + jolokia + "\",\"exitCode\":0,\"result\":"
                        + "{\"key\":7001,\"value\":7001}}"),
                line -> assertThat(line).startsWith("{\"target\":\"" + downUrl + "\",\"exitCode\":4,\"error\":"
                        + "{\"exitCode\":4,\"errno\":null,\"message\":\"cannot connect to " + downUrl),
                line -> assertThat(line).isEqualTo("{\"target\":\"pid " + pid + "\",\"exitCode\":0,\"result\":"
                        + "{\"key\":7001,\"value\":7001}}"));
    }

    @Test
    @Order(4)
    void aKernelRefusalIsThatTargetsOwn() {
        assertThat(alone("update", "--pid", pid, "hash_map", "int:7002", "int:1").exitCode()).isZero();
        Result update = Cli.run(JolokiaAgent.PASSWORD, withCredentials("update", "--jolokia", jolokia, "--pid", pid,
                "hash_map", "int:7002", "int:2", "--flags", "noexist"));
        assertThat(update.exitCode()).as("the worst of 0 and 3: " + update).isEqualTo(3);
        assertThat(update.out()).isEqualTo(jolokia + ": updated fixtures/hash_map: int:7002 = int:2\n"
                + "pid " + pid + ": failed (exit 3): update of map 'hash_map' failed: EEXIST (key exists and "
                + "flags=NOEXIST)\n");
        assertThat(update.err()).contains("pid " + pid + ":   the key exists: --flags any (or exist) overwrites it");
        assertThat(alone("lookup", "--pid", pid, "hash_map", "int:7002").out()).endsWith("int:7002  int:1\n");
    }

    @Test
    @Order(5)
    void entriesFromStdinAreReadOnceAndWrittenToEveryTarget() throws Exception {
        Path entries = Files.write(dir.resolve("entries.txt"), IntStream.range(7100, 7200)
                .mapToObj(i -> "int:" + i + " int:" + i).collect(Collectors.toList()));
        Result update = Cli.runWithStdin(entries.toFile(), JolokiaAgent.PASSWORD, withCredentials("update",
                "--jolokia", jolokia, "--pid", pid, "lru_hash", "--from", "-"));
        assertThat(update.exitCode()).as(update.toString()).isZero();
        assertThat(update.out()).isEqualTo(jolokia + ": updated fixtures/lru_hash: 100 entries in 1 batch call\n"
                + "pid " + pid + ": updated fixtures/lru_hash: 100 entries in 1 batch call\n");
        assertThat(update.err()).isEmpty();
        assertThat(alone("lookup", "--jolokia", jolokia, "lru_hash", "int:7199").out()).endsWith("int:7199  int:7199\n");
        assertThat(alone("lookup", "--pid", pid, "lru_hash", "int:7199").out()).endsWith("int:7199  int:7199\n");
    }

    @Test
    @Order(6)
    void aDumpOfSeveralPagesIsGatheredWholeForEachTarget() {
        Result dump = Cli.run(JolokiaAgent.PASSWORD, withCredentials("dump", "--jolokia", jolokia, "--pid", pid,
                "lru_hash", "--page-size", "7"));
        assertThat(dump.exitCode()).as(dump.toString()).isZero();
        assertThat(dump.out()).contains(jolokia + ": 7100  7100\n" + jolokia + ": 7101  7101\n")
                .contains(jolokia + ": 100 entries\n").endsWith("pid " + pid + ": 100 entries\n");
    }

    /** {@code command} on the whole fleet: the --targets file (Jolokia, live and down), then --pid. */
    private static Result fleet(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--targets", urls.toString(), "--pid", pid));
        all.addAll(List.of(args));
        return Cli.run(JolokiaAgent.PASSWORD, withCredentials(all.toArray(String[]::new)));
    }

    /** {@code args} with Jolokia's user and password: the same for every --jolokia target of the run. */
    private static String[] withCredentials(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(JolokiaAgent.CREDENTIALS);
        return all.toArray(String[]::new);
    }

    private static Result alone(String... args) {
        return Cli.run(JolokiaAgent.PASSWORD, withCredentials(args));
    }
}
