package io.bpfjmx.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.libbpf.PossibleCpus;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.Notification;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code updateBatch}: every element is checked on its own before the one system call (the keys and values are
 * joined for it, so a wrong element would otherwise be re-cut into others), and a batch the kernel stops part-way
 * says in the audit and the meters how many elements it wrote.
 */
@RequiresBpf
class BatchUpdateTest {
    private final AuditRecords audit = new AuditRecords();
    private final List<String> records = audit.messages();
    private final List<Notification> notifications = new CopyOnWriteArrayList<>();
    private ManagedFixtures fixtures;
    private BpfObjectManager object;

    @BeforeEach
    void load() {
        audit.start();
        fixtures = new ManagedFixtures("attach=false");
        object = fixtures.manager();
        object.emitter().addNotificationListener((n, handback) -> notifications.add(n), null, null);
    }

    @AfterEach
    void close() {
        audit.stop();
        fixtures.close();
    }

    @Test
    void elementsOfTheWrongSizeAreRefusedOneByOneNotReCutIntoOthers() {
        // 3 + 5 key bytes are two 4-byte keys, 7 + 9 value bytes two 8-byte values: joined, they would pass
        assertThatThrownBy(() -> object.updateBatch("hash_map", new String[] {"010000", "0002000000"},
                new String[] {"01".repeat(7), "02".repeat(9)}, 0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("keysHex[0]: key of 3 bytes for map 'hash_map': expected 4 bytes (the map's key size); "
                        + "pad or trim the key to 4 bytes");
        assertThatThrownBy(() -> object.updateBatch("hash_map", new String[] {"01000000", "02000000"},
                new String[] {"01".repeat(7), "02".repeat(9)}, 0))
                .hasMessage("valuesHex[0]: value of 7 bytes for map 'hash_map': expected 8 bytes (the map's value "
                        + "size)");
        assertThatThrownBy(() -> object.updateBatch("hash_map", new String[] {"01000000", "02000000"},
                new String[] {"01".repeat(8), "02".repeat(9)}, 0))
                .hasMessage("valuesHex[1]: value of 9 bytes for map 'hash_map': expected 8 bytes (the map's value "
                        + "size)");
        for (String key : new String[] {"01000000", "02000000"}) {
            assertThatThrownBy(() -> object.lookupElem("hash_map", key)).as("nothing written")
                    .hasMessage("lookup of map 'hash_map' failed: ENOENT (no such key)");
        }
        assertThat(fixtures.count("hash_map", "update_batch", "rejected", "key_size")).isEqualTo(1);
        assertThat(fixtures.count("hash_map", "update_batch", "rejected", "value_size")).isEqualTo(2);
        assertThat(records).first().asString().endsWith(" keys=[010000, 0002000000] values=[" + "01".repeat(7) + ", "
                + "02".repeat(9) + "] flags=0 applied=0/2 outcome=rejected reason=key_size");
    }

    @Test
    void aPerCpuBatchTakesItsValuesInOneFormNamingTheFirstThatDiffers() {
        int cpus = PossibleCpus.count();
        String expected = "12 bytes (one value, copied to each of the " + cpus + " possible CPUs) or " + 16 * cpus
                + " bytes (per-CPU layout: round_up(12, 8) = 16 × " + cpus + " possible CPUs)";
        assertThatThrownBy(() -> object.updateBatch("percpu_hash", new String[] {"04000000", "05000000"},
                new String[] {"01".repeat(12), "01".repeat(16 * cpus)}, 0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("valuesHex[1]: value of " + 16 * cpus + " bytes for map 'percpu_hash' is in the per-CPU "
                        + "layout, but valuesHex[0] is one value of 12 bytes: give every value of a batch in one "
                        + "form, " + expected);
        assertThatThrownBy(() -> object.updateBatch("percpu_hash", new String[] {"04000000", "05000000"},
                new String[] {"01".repeat(12), "01".repeat(11)}, 0))
                .hasMessage("valuesHex[1]: value of 11 bytes for map 'percpu_hash': expected " + expected);
        assertThat(fixtures.count("percpu_hash", "update_batch", "rejected", "batch_shape")).isEqualTo(1);
        object.updateBatch("percpu_hash", new String[] {"04000000", "05000000"},
                new String[] {"01".repeat(16 * cpus), "02".repeat(16 * cpus)}, 0);
        object.updateBatch("percpu_hash", new String[] {"06000000"}, new String[] {"03".repeat(12)}, 0);
        assertThat(object.lookupElemPerCpu("percpu_hash", "06000000")).containsOnly("03".repeat(12));
    }

    @Test
    void aBatchStoppedPartWaySaysHowManyElementsItWrote() {
        assertThatThrownBy(() -> object.updateBatch("array_map", new String[] {"00000000", "01000000", "09000000"},
                new String[] {"0100000000000000", "0200000000000000", "0300000000000000"}, 0))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("batch update of map 'array_map' failed: E2BIG (map full, or array index out of range "
                        + "(index >= max_entries))\n2 of 3 elements were written before the error");
        assertThat(object.lookupElem("array_map", "01000000")).as("written").isEqualTo("0200000000000000");

        assertThat(records).containsExactly("bpfjmx audit: principal=(none) object=fixtures map=array_map "
                + "operation=update_batch keys=[00000000, 01000000, 09000000] values=[0100000000000000, "
                + "0200000000000000, 0300000000000000] flags=0 applied=2/3 outcome=failed reason=E2BIG");
        CompositeData data = (CompositeData) notifications.get(0).getUserData();
        assertThat(data.get("applied")).isEqualTo(2);
        assertThat(data.get("outcome")).isEqualTo("failed");
        // the call failed; two of its three elements were written
        assertThat(fixtures.count("array_map", "update_batch", "failed", "E2BIG")).isEqualTo(1);
        assertThat(fixtures.elements("array_map", "success", "none")).isEqualTo(2);
        assertThat(fixtures.elements("array_map", "failed", "E2BIG")).isEqualTo(1);

        object.updateBatch("array_map", new String[] {"02000000", "03000000"},
                new String[] {"0100000000000000", "0200000000000000"}, 0);
        assertThat(records.get(1)).endsWith(" flags=0 applied=2/2 outcome=success reason=none");
        assertThat(fixtures.elements("array_map", "success", "none")).isEqualTo(4);
        assertThat(fixtures.count("array_map", "update_batch", "success", "none")).as("calls").isEqualTo(1);
    }

    @Test
    void aBatchIsBoundedPerCall() {
        String[] keys = new String[100_001];
        String[] values = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = String.format("%08x", Integer.reverseBytes(i));
            values[i] = "0100000000000000";
        }
        assertThatThrownBy(() -> object.updateBatch("hash_map", keys, values, 0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("updateBatch of 100001 elements for map 'hash_map': at most 100000 per call; split them "
                        + "over several calls");
        assertThat(object.getNextKey("hash_map", "")).as("nothing written").isNull();
        assertThat(records.get(0)).as("the audit lists the first elements and counts the others")
                .contains(" keys=[00000000, 01000000, ", ", 1f000000, ...(99969 more)] values=[0100000000000000, ")
                .endsWith(", ...(99969 more)] flags=0 applied=0/100001 outcome=rejected reason=bad_argument");
    }
}
