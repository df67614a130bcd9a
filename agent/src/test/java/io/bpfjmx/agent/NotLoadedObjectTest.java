package io.bpfjmx.agent;

import io.bpfjmx.agent.options.AgentOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An object that is LOADING or FAILED has no maps to write, yet every write asked of it is on record like any other:
 * audited and counted as rejected, reason {@code not_loaded}; reads are counted too. Needs no BPF: nothing loads.
 */
class NotLoadedObjectTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AuditRecords audit = new AuditRecords();
    private final List<String> records = audit.messages();
    private final BpfObjectManager object = new BpfObjectManager(Path.of("/nonexistent/pending.bpf.o"),
            new OperationMetrics(registry), AgentOptions.parse(null));

    @BeforeEach
    void listen() {
        audit.start();
    }

    @AfterEach
    void stopListening() {
        audit.stop();
    }

    @Test
    void writesToALoadingObjectAreAuditedAndCounted() {
        assertThatThrownBy(() -> object.updateElem("hash_map", "01000000", "0100000000000000", 1))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("object 'pending' is not loaded: LOADING; its maps can be used once it is READY");
        assertThatThrownBy(() -> object.deleteElem("hash_map", "01000000"))
                .isExactlyInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> object.update("hash_map", "1", "2", 0))
                .isExactlyInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> object.updateBatch("hash_map", new String[] {"01000000"},
                new String[] {"0100000000000000"}, 0)).isExactlyInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> object.lookupElem("hash_map", "01000000"))
                .isExactlyInstanceOf(IllegalStateException.class);

        String prefix = "bpfjmx audit: principal=(none) object=pending map=hash_map operation=";
        assertThat(records).hasSize(4).allSatisfy(r -> assertThat(r).endsWith(" outcome=rejected reason=not_loaded"));
        assertThat(records.get(0)).startsWith(prefix + "update key=01000000 value=0100000000000000 flags=1 ");
        assertThat(records.get(1)).startsWith(prefix + "delete key=01000000 ");
        assertThat(records.get(2)).startsWith(prefix + "update key=1 value=2 flags=0 ");
        assertThat(records.get(3)).startsWith(prefix + "update_batch keys=[01000000] values=[0100000000000000] ");
        assertThat(count("update")).isEqualTo(2);
        assertThat(count("delete")).isEqualTo(1);
        assertThat(count("update_batch")).isEqualTo(1);
        assertThat(count("lookup")).as("reads are counted, not audited").isEqualTo(1);
    }

    @Test
    void writesToAFailedObjectAreAuditedAndCounted() {
        object.fail("open of object '/nonexistent/pending.bpf.o' failed: ENOENT");
        assertThatThrownBy(() -> object.deleteElem("hash_map", "01000000"))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("object 'pending' is not loaded: FAILED: open of object '/nonexistent/pending.bpf.o' "
                        + "failed: ENOENT; see its Status, fix the cause and attach again (or invoke reload)");
        assertThat(records).containsExactly("bpfjmx audit: principal=(none) object=pending map=hash_map "
                + "operation=delete key=01000000 outcome=rejected reason=not_loaded");
        assertThat(count("delete")).isEqualTo(1);
    }

    /** {@code bpfjmx.map.operations} of a map of an object not loaded: the map name given is not known to be one. */
    private long count(String operation) {
        FunctionCounter counter = registry.find(OperationMetrics.OPERATIONS).tags("object", "pending", "map",
                "unknown", "operation", operation, "outcome", "rejected", "reason", "not_loaded").functionCounter();
        return counter == null ? 0 : (long) counter.count();
    }
}
