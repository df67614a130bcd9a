package io.bpfjmx.client.it;

import static io.bpfjmx.libbpf.testing.TypesFixture.FLOW_KEY;
import static io.bpfjmx.libbpf.testing.TypesFixture.FLOW_STATS;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.client.it.Cli.Result;
import io.bpfjmx.libbpf.btf.JsonTree;
import io.bpfjmx.libbpf.testing.Bpftool;
import io.bpfjmx.libbpf.testing.PinnedByBpftool;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CLI on maps the target JVM did not load (agent option {@code map}): bpftool loaded and pinned them; the CLI
 * lists them under the object {@code pinned}, writes and reads them by name, typed and raw, and bpftool reads the same.
 */
@RequiresBpf
class ForeignMapsCliIT {
    @Test
    void listsWritesAndReadsMapsPinnedByAnotherProgram() throws Exception {
        try (PinnedByBpftool loaded = PinnedByBpftool.types("cli-foreign");
             TargetJvm target = TargetJvm.withAgent("map=pinned:" + loaded.maps())) {
            String pid = Long.toString(target.pid());
            Result maps = Cli.run("maps", "--pid", pid);
            assertThat(maps.exitCode()).as(maps.toString()).isZero();
            assertThat(maps.out()).containsPattern("(?m)^pinned\\s+READY\\s+pinned:" + loaded.maps() + "$")
                    .containsPattern("(?m)^" + loaded.mapId("flows") + "\\s+pinned\\s+flows\\s+HASH\\s+12B\\s+144B\\s+64")
                    .containsPattern("(?m)^" + loaded.mapId("raw") + "\\s+pinned\\s+raw\\s+HASH\\s+4B\\s+8B\\s+8");

            Result update = Cli.run("update", "--pid", pid, "pinned/flows", FLOW_KEY, FLOW_STATS);
            assertThat(update.exitCode()).as(update.toString()).isZero();
            Result lookup = Cli.run("lookup", "--pid", pid, "pinned/flows", FLOW_KEY, "--json");
            assertThat(lookup.out()).as(lookup.toString())
                    .isEqualTo("{\"key\":" + FLOW_KEY + ",\"value\":" + FLOW_STATS + "}\n");
            Result dump = Cli.run("dump", "--pid", pid, "pinned/flows", "--json");
            assertThat(dump.exitCode()).as("the typed dump goes through the object's MBean: " + dump).isZero();
            assertThat(((Map<?, ?>) ((List<?>) JsonTree.read(dump.out())).get(0)).get("key"))
                    .isEqualTo(JsonTree.read(FLOW_KEY));

            Result raw = Cli.run("update", "--pid", pid, "raw", "int:7", "hex:2a00000000000000");
            assertThat(raw.exitCode()).as(raw.toString()).isZero();
            assertThat(Bpftool.entries(loaded.mapId("raw"))).containsExactly(Map.entry("07000000",
                    "2a00000000000000"));
        }
    }
}
