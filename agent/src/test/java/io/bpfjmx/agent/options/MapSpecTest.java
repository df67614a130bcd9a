package io.bpfjmx.agent.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The agent option {@code map}: its three forms, and every malformed value named when the options are parsed. */
class MapSpecTest {
    @Test
    void readsTheThreeFormsInTheOrderGiven() {
        AgentOptions options = AgentOptions.parse("map=pinned:/sys/fs/bpf/app,map=id:4294967295,map=name:flows,"
                + "system=true");
        assertThat(options.maps()).containsExactly(new MapSpec(MapSpec.Kind.PINNED, "/sys/fs/bpf/app"),
                new MapSpec(MapSpec.Kind.ID, "4294967295"), new MapSpec(MapSpec.Kind.NAME, "flows"));
        assertThat(options.maps().get(0).path()).isEqualTo(Path.of("/sys/fs/bpf/app"));
        assertThat(Integer.toUnsignedString(options.maps().get(1).id())).isEqualTo("4294967295");
        assertThat(options.maps().get(2)).hasToString("name:flows");
        assertThat(options.system()).isTrue();
        assertThat(AgentOptions.parse(null).maps()).isEmpty();
        assertThat(AgentOptions.parse(null).system()).isFalse();
    }

    @Test
    void namesWhatIsWrongAndWhatIsExpected() {
        assertThatThrownBy(() -> AgentOptions.parse("map=/sys/fs/bpf/app"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("agent option 'map' is '/sys/fs/bpf/app'; expected pinned:<path>, id:<N> or "
                        + "name:<kernel name>, e.g. map=pinned:/sys/fs/bpf/my_map");
        assertThatThrownBy(() -> AgentOptions.parse("map=pinned:app/flows"))
                .hasMessage("agent option 'map' is 'pinned:app/flows'; expected the absolute path of a pin or a folder "
                        + "of pins on a BPF file system, e.g. map=pinned:/sys/fs/bpf/my_map");
        assertThatThrownBy(() -> AgentOptions.parse("map=id:0"))
                .hasMessage("agent option 'map' is 'id:0'; expected a kernel map id from 1 to 4294967295, as bpftool "
                        + "map show lists them");
        assertThatThrownBy(() -> AgentOptions.parse("map=id:12a"))
                .hasMessage("agent option 'map' is 'id:12a'; expected a kernel map id from 1 to 4294967295, as "
                        + "bpftool map show lists them");
        assertThatThrownBy(() -> AgentOptions.parse("map=name:connection_stats"))
                .hasMessage("agent option 'map' is 'name:connection_stats'; the kernel keeps 15 characters of a map's "
                        + "name: write name:connection_stat");
        assertThatThrownBy(() -> AgentOptions.parse("map=name:my-map"))
                .hasMessage("agent option 'map' is 'name:my-map'; expected a map's kernel name: letters, digits, _ and "
                        + ". only, as bpftool map show lists it");
    }
}
