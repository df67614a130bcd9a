package io.bpfjmx.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentOptionsTest {
    @Test
    void escapesCommasAndBackslashesInsideValues(@TempDir Path dir) throws IOException {
        Path object = Files.createFile(dir.resolve("a,b\\c.bpf.o"));
        AgentOptions options = new AgentOptions();
        options.objects = List.of(object);
        options.more.add("jnaTmpDir=/var/tmp,x");

        assertThat(options.argument()).isEqualTo("object=" + dir + "/a\\,b\\\\c.bpf.o,jnaTmpDir=/var/tmp\\,x");
    }
}
