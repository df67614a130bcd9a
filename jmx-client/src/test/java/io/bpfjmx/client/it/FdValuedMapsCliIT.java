package io.bpfjmx.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.client.it.Cli.Result;
import io.bpfjmx.libbpf.btf.JsonTree;
import io.bpfjmx.libbpf.testing.Bpftool;
import io.bpfjmx.libbpf.testing.Le;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A program array through the CLI over {@code --pid} ({@code fd_maps.bpf.o}): its keys are typed without BTF (the
 * kernel keeps none for such maps), a program goes in by name as a bare JSON value and comes back as its id and name,
 * and raw bytes are refused, saying what to give instead. bpftool is the independent reader.
 */
@RequiresBpf
class FdValuedMapsCliIT {
    private static TargetJvm target;
    private static String pid;

    @BeforeAll
    static void startTarget() throws Exception {
        target = TargetJvm.withAgent("object=" + ItPaths.bpfObject("fd_maps.bpf.o"));
        pid = Long.toString(target.pid());
    }

    @AfterAll
    static void stopTarget() throws Exception {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void aProgramGoesInByNameAndComesBackAsItsIdAndName() throws Exception {
        Result describe = cli("describe", "jump_table");
        assertThat(describe.out()).as(describe.toString()).contains("key: __u32\n", "value: program (read as "
                + "{\"id\":N,\"name\":\"…\"}; written as {\"id\":N}, {\"pinned\":\"/sys/fs/bpf/…\"} or {\"name\":"
                + "\"<program of this object>\"})\n");
        int mapId = Integer.parseInt(describe.find("id (\\d+)"));

        Result update = cli("update", "jump_table", "0", "{\"name\":\"target\"}");
        assertThat(update.exitCode()).as(update.toString()).isZero();
        assertThat(update.out()).isEqualTo("updated fd_maps/jump_table: 0 = {\"name\":\"target\"}\n");

        Result lookup = cli("lookup", "jump_table", "0", "--json");
        assertThat(lookup.exitCode()).as(lookup.toString()).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) ((Map<String, Object>) JsonTree.read(lookup.out()))
                .get("value");
        assertThat(value).containsEntry("name", "target");
        int programId = ((Long) value.get("id")).intValue();
        assertThat(Bpftool.entries(mapId)).containsExactly(Map.entry("00000000",
                HexFormat.of().formatHex(Le.u32(programId))));
        assertThat(cli("dump", "jump_table").out()).isEqualTo("KEY  VALUE\n0    {\"id\":" + programId
                + ",\"name\":\"target\"}\n1 entry\n");

        Result raw = cli("update", "jump_table", "hex:00000000", "hex:03000000");
        assertThat(raw.exitCode()).as(raw.toString()).isEqualTo(2);
        assertThat(raw.err()).contains("updateElem of map 'jump_table' refused: a PROG_ARRAY's values are programs",
                "give the program instead, to the typed update, as {\"id\":N}, {\"pinned\":\"/sys/fs/bpf/…\"} or "
                        + "{\"name\":\"<program of this object>\"}");
        Result sockets = cli("update", "sockets", "int:0", "int:1");
        assertThat(sockets.exitCode()).as(sockets.toString()).isEqualTo(2);
        assertThat(sockets.err()).contains("updateElem of map 'sockets' refused: a SOCKMAP's values are socket file "
                + "descriptors, which only a process holding the socket can give; bpfjmx cannot write them");
        assertThat(Bpftool.entries(mapId)).as("unchanged by the refusals").hasSize(1);
    }

    private static Result cli(String command, String... args) {
        return Cli.byPid(pid, command, args);
    }
}
