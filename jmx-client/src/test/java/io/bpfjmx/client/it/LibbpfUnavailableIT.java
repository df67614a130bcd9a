package io.bpfjmx.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.client.it.Cli.Result;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A target whose agent could not load libbpf (here: a path where there is none): {@code attach} and {@code maps}
 * say why, with exit code 4 (the agent could not load an object), not an unexpected failure.
 */
@RequiresBpf
class LibbpfUnavailableIT {
    private static final String REASON = "libbpf not found at /nonexistent/libbpf.so.1 (no such readable file)";

    @Test
    void attachAndMapsSayWhyAndExit4() throws Exception {
        try (TargetJvm target = TargetJvm.start(ItPaths.java(), List.of("-XX:+EnableDynamicAgentLoading"))) {
            String pid = Long.toString(target.pid());
            Result attach = Cli.run("attach", pid, "--object", ItPaths.bpfObject("fixtures.bpf.o").toString(),
                    "--libbpf", "/nonexistent/libbpf.so.1");
            assertThat(attach.exitCode()).as(attach.toString()).isEqualTo(4);
            assertThat(attach.out()).containsPattern("(?m)^fixtures\\s+FAILED: libbpf not found");
            assertThat(attach.err()).contains("object 'fixtures' is FAILED: " + REASON);

            Result maps = Cli.run("maps", "--pid", pid);
            assertThat(maps.exitCode()).as(maps.toString()).isEqualTo(4);
            assertThat(maps.out()).containsPattern("(?m)^fixtures\\s+FAILED: libbpf not found");
            assertThat(maps.err()).contains("object 'fixtures' is FAILED: " + REASON, "attach again")
                    .doesNotContain("\tat ");

            Result json = Cli.run("maps", "--pid", pid, "--json");
            assertThat(json.exitCode()).as(json.toString()).isEqualTo(4);
            assertThat(json.out()).startsWith("{\"objects\":[{\"name\":\"fixtures\",\"path\":\"")
                    .contains("\"status\":\"FAILED: " + REASON).doesNotContain("\"error\"");
        }
    }
}
