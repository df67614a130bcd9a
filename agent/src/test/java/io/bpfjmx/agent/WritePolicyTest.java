package io.bpfjmx.agent;

import io.bpfjmx.agent.options.AgentOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import org.junit.jupiter.api.Test;

/** The agent options that forbid writes: a refused write says which option refused it; reads stay allowed. */
@RequiresBpf
class WritePolicyTest {
    @Test
    void readOnlyRefusesEveryWriteToEveryMap() {
        try (ManagedFixtures fixtures = new ManagedFixtures("attach=false,readOnly=true,writableMaps=hash_map")) {
            BpfObjectManager object = fixtures.manager();
            assertThatThrownBy(() -> object.updateElem("hash_map", "01000000", "0100000000000000", 0))
                    .isExactlyInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("updateElem refused on map 'hash_map': bpfjmx runs read-only (agent option "
                            + "readOnly=true); start the agent without it to change maps");
            assertThatThrownBy(() -> object.deleteElem("lru_hash", "01000000"))
                    .hasMessage("deleteElem refused on map 'lru_hash': bpfjmx runs read-only (agent option "
                            + "readOnly=true); start the agent without it to change maps");
            assertThatThrownBy(() -> object.updateBatch(".bss", new String[] {"00000000"}, new String[] {"01000000"},
                    0)).hasMessage("updateBatch refused on map 'fixtures.bss': bpfjmx runs read-only (agent option "
                            + "readOnly=true); start the agent without it to change maps");
            assertThatThrownBy(() -> object.update("hash_map", "1", "1", 0))
                    .hasMessage("update refused on map 'hash_map': bpfjmx runs read-only (agent option "
                            + "readOnly=true); start the agent without it to change maps");
            assertThatThrownBy(() -> object.delete("hash_map", "1"))
                    .hasMessage("delete refused on map 'hash_map': bpfjmx runs read-only (agent option "
                            + "readOnly=true); start the agent without it to change maps");
            assertThat(object.lookupElem(".data", "00000000")).isEqualTo("07000000");
            assertThat(fixtures.count("hash_map", "update", "rejected", "read_only_mode")).isEqualTo(2);
            assertThat(fixtures.count("hash_map", "delete", "rejected", "read_only_mode")).isEqualTo(1);
        }
    }

    @Test
    void writableMapsAllowsTheMapsItNamesAndRefusesTheOthersNamingIt() {
        try (ManagedFixtures fixtures = new ManagedFixtures("attach=false,writableMaps=hash_map:.data")) {
            BpfObjectManager object = fixtures.manager();
            object.updateElem("hash_map", "01000000", "0100000000000000", 0);
            object.updateElem("fixtures.data", "00000000", "08000000", 0);
            object.deleteElem("hash_map", "01000000");
            assertThatThrownBy(() -> object.updateElem("lru_hash", "01000000", "0100000000000000", 0))
                    .isExactlyInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("updateElem refused on map 'lru_hash': the map is not among the writable maps (agent "
                            + "option writableMaps=hash_map:.data); add lru_hash there to change it");
            assertThatThrownBy(() -> object.updateElem(".bss", "00000000", "01000000", 0))
                    .hasMessage("updateElem refused on map 'fixtures.bss': the map is not among the writable maps "
                            + "(agent option writableMaps=hash_map:.data); add fixtures.bss there to change it");
            assertThat(object.lookupElem(".bss", "00000000")).isEqualTo("00000000");
            assertThat(fixtures.count("lru_hash", "update", "rejected", "writable_maps")).isEqualTo(1);
            assertThat(fixtures.count("fixtures.data", "update", "success", "none")).isEqualTo(1);
        }
    }

    @Test
    void writableMapsMatchesExactNamesNotTheKernelsTruncatedOnes() {
        // names.bpf.o declares connection_stats (kernel name connection_stat, 15 characters) before connection_stat
        try (ManagedFixtures names = new ManagedFixtures(BpfObjects.path("names.bpf.o"),
                "attach=false,writableMaps=connection_stat")) {
            BpfObjectManager object = names.manager();
            object.updateElem("connection_stat", "01000000", "0100000000000000", 0);
            assertThat(object.lookupElem("connection_stat", "01000000")).isEqualTo("0100000000000000");
            assertThatThrownBy(() -> object.updateElem("connection_stats", "01000000", "0100000000000000", 0))
                    .isExactlyInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("updateElem refused on map 'connection_stats': the map is not among the writable "
                            + "maps (agent option writableMaps=connection_stat); add connection_stats there to "
                            + "change it");
            assertThat(object.getNextKey("connection_stats", "")).as("nothing written").isNull();
        }
        try (ManagedFixtures names = new ManagedFixtures(BpfObjects.path("names.bpf.o"),
                "attach=false,writableMaps=connection_stats")) {
            BpfObjectManager object = names.manager();
            object.updateElem("connection_stats", "01000000", "0100000000000000", 0);
            assertThatThrownBy(() -> object.updateElem("connection_stat", "01000000", "0100000000000000", 0))
                    .hasMessage("updateElem refused on map 'connection_stat': the map is not among the writable "
                            + "maps (agent option writableMaps=connection_stats); add connection_stat there to "
                            + "change it");
        }
        try (ManagedFixtures fixtures = new ManagedFixtures("attach=false,writableMaps=.bss:fixtures.data")) {
            BpfObjectManager object = fixtures.manager();
            object.updateElem(".bss", "00000000", "01000000", 0);
            object.updateElem(".data", "00000000", "08000000", 0);
            assertThatThrownBy(() -> object.updateElem("hash_map", "01000000", "0100000000000000", 0))
                    .isExactlyInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void theOptionsSayWhatTheyExpect() {
        assertThat(AgentOptions.parse("writableMaps= hash_map : .data ").writableMaps())
                .containsExactly("hash_map", ".data");
        assertThat(AgentOptions.parse(null).writableMaps()).isNull();
        assertThat(AgentOptions.parse(null).auditValues()).isTrue();
        assertThat(AgentOptions.parse("auditValues=false").auditValues()).isFalse();
        assertThatThrownBy(() -> AgentOptions.parse("writableMaps=::"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("agent option 'writableMaps' is '::', which names no map; expected map names separated "
                        + "by colons, e.g. writableMaps=hash_map:.data");
        assertThatThrownBy(() -> AgentOptions.parse("auditValues=no"))
                .hasMessage("agent option 'auditValues' is 'no'; expected true or false");
    }
}
