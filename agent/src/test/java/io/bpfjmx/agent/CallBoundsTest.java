package io.bpfjmx.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.libbpf.BpfMap;
import io.bpfjmx.libbpf.UpdateFlags;
import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What one call may cost the host: dumps return at most a bounded number of entries, {@code EntryCount} does not
 * walk the map on every read, hex and JSON texts are bounded by the map's sizes, and the audit cuts long texts
 * whatever the outcome. Each bound is named in its refusal.
 */
@RequiresBpf
class CallBoundsTest {
    private static final String PAGE = ": ask for fewer, or read the map page by page with dumpFrom";

    @Test
    void aDumpReturnsAtMostOneHundredThousandEntriesAndSaysSo() {
        try (ManagedFixtures names = new ManagedFixtures(BpfObjects.path("names.bpf.o"), "attach=false")) {
            BpfObjectManager object = names.manager();
            String refusal = "maxEntries is 1000000 for map 'large_hash', which holds up to 1048576; at most 100000 "
                    + "per call" + PAGE;
            assertThatThrownBy(() -> object.dumpMap("large_hash", 1_000_000))
                    .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage(refusal);
            assertThatThrownBy(() -> object.dump("large_hash", 1_000_000))
                    .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage(refusal);
            assertThatThrownBy(() -> names.operations("large_hash").dump(Integer.MAX_VALUE))
                    .hasMessage(refusal.replace("1000000 for", Integer.MAX_VALUE + " for"));
            assertThat(names.count("large_hash", "dump", "rejected", "bad_argument")).isEqualTo(3);

            object.updateElem("large_hash", "01000000", "0100000000000000", 0);
            assertThat(object.dumpMap("large_hash", 100_000).size()).isEqualTo(1);
            assertThat(object.dump("large_hash", 100_000)).isEqualTo("[{\"key\":1,\"value\":1}]");
            // a map that cannot hold more than the bound: asking for more is harmless, as the CLI's default does
            assertThat(object.dumpMap("connection_stat", 1_000_000).size()).isZero();
            assertThat(object.dump("connection_stat", Integer.MAX_VALUE)).isEqualTo("[]");
        }
    }

    @Test
    void entriesOfMoreThan83BytesAreBoundedByEightMebibytesACall() {
        try (ManagedFixtures logSyscalls = new ManagedFixtures(BpfObjects.logSyscalls(), "attach=false")) {
            // 128-byte keys and 4-byte values: 132 bytes an entry, 8 MiB / 132 = 63550 entries a call
            String[] keys = new String[63_551];
            String[] values = new String[keys.length];
            java.util.Arrays.fill(keys, "61".repeat(128));
            java.util.Arrays.fill(values, "01000000");
            assertThatThrownBy(() -> logSyscalls.manager().updateBatch("syscall_count_map", keys, values, 0))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("updateBatch of 63551 elements for map 'syscall_count_map': at most 63550 per call (8 "
                            + "MiB of keys and value buffers a call, 132 bytes an entry); split them over several "
                            + "calls");
            assertThat(CallBounds.perCall(logSyscalls.operations("syscall_count_map").map())).isEqualTo(63_550);
            assertThat(logSyscalls.manager().dumpMap("syscall_count_map", 1_000_000).size())
                    .as("the map holds at most 32").isZero();
        }
    }

    @Test
    void entryCountIsNotWalkedOnEveryRead() {
        try (ManagedFixtures fixtures = new ManagedFixtures("attach=false")) {
            MapOperations hashMap = fixtures.operations("hash_map");
            assertThat(hashMap.count()).isZero();
            // behind the agent's back (as a BPF program writes): not seen until the count is refreshed
            hashMap.map().update(new byte[] {1, 0, 0, 0}, new byte[8], UpdateFlags.ANY);
            assertThat(hashMap.count()).as("the last count, not a new walk").isZero();
            // a write through bpfjmx makes the count stale: the next read walks
            fixtures.manager().updateElem("hash_map", "02000000", "0200000000000000", 0);
            assertThat(hashMap.count()).isEqualTo(2);
            assertThat(fixtures.count("hash_map", "count", "success", "none")).as("every read counted").isEqualTo(3);
        }
    }

    @Test
    void entryCountIsWalkedAgainOnceItsIntervalHasPassed() {
        try (ManagedFixtures fixtures = new ManagedFixtures("attach=false")) {
            BpfMap map = fixtures.operations("lru_hash").map();
            AtomicLong now = new AtomicLong(42);
            EntryCounter counter = new EntryCounter(map, now::get);
            assertThat(counter.count()).isZero();
            map.update(new byte[] {1, 0, 0, 0}, new byte[8], UpdateFlags.ANY);
            now.addAndGet(TimeUnit.SECONDS.toNanos(EntryCounter.REFRESH_SECONDS) - 1);
            assertThat(counter.count()).as("within the interval").isZero();
            now.incrementAndGet();
            assertThat(counter.count()).as("after it").isEqualTo(1);
            map.update(new byte[] {2, 0, 0, 0}, new byte[8], UpdateFlags.ANY);
            counter.stale();
            assertThat(counter.count()).as("stale").isEqualTo(2);
        }
    }

    @Test
    void hexAndJsonTextsAreBoundedByTheMapsSizes() {
        try (ManagedFixtures fixtures = new ManagedFixtures("attach=false")) {
            BpfObjectManager object = fixtures.manager();
            assertThatThrownBy(() -> object.updateElem("hash_map", "01".repeat(5000), "0100000000000000", 0))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("keyHex is 10000 characters long, more than any hex of 4 bytes (at most 80 "
                            + "characters: 4 a byte and 64 more); give at most 4 bytes");
            assertThatThrownBy(() -> object.lookupElem("hash_map", "0".repeat(81)))
                    .hasMessage("keyHex is 81 characters long, more than any hex of 4 bytes (at most 80 "
                            + "characters: 4 a byte and 64 more); give at most 4 bytes");
            assertThatThrownBy(() -> object.updateElem("hash_map", "01000000", "01".repeat(100), 0))
                    .hasMessage("valueHex is 200 characters long, more than any hex of 8 bytes (at most 96 "
                            + "characters: 4 a byte and 64 more); give at most 8 bytes");
            // within the bound, the size rule speaks
            assertThatThrownBy(() -> object.updateElem("hash_map", "01".repeat(20), "0100000000000000", 0))
                    .hasMessage("key of 20 bytes for map 'hash_map': expected 4 bytes (the map's key size); pad or "
                            + "trim the key to 4 bytes");

            String padded = " ".repeat(70_000) + "7";
            assertThatThrownBy(() -> object.update("hash_map", "1", padded, 0))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("value of map 'hash_map' is 70001 characters long, more than any JSON of 8 bytes "
                            + "needs (at most 65792 characters: 32 a byte and 65536 more); leave out the whitespace, "
                            + "or give the bytes as hex (updateElem)");
            assertThatThrownBy(() -> object.lookup("hash_map", padded))
                    .hasMessage("key of map 'hash_map' is 70001 characters long, more than any JSON of 4 bytes "
                            + "needs (at most 65664 characters: 32 a byte and 65536 more); leave out the whitespace, "
                            + "or give the bytes as hex (lookupElem)");
            assertThatThrownBy(() -> object.delete("hash_map", padded))
                    .hasMessage("key of map 'hash_map' is 70001 characters long, more than any JSON of 4 bytes "
                            + "needs (at most 65664 characters: 32 a byte and 65536 more); leave out the whitespace, "
                            + "or give the bytes as hex (deleteElem)");
            assertThat(fixtures.count("hash_map", "update", "rejected", "bad_argument")).isEqualTo(3);
        }
    }

    @Test
    void theAuditCutsLongTextsOfWritesThatSucceedToo() {
        AuditRecords audit = new AuditRecords();
        List<String> records = audit.messages();
        audit.start();
        try (ManagedFixtures fixtures = new ManagedFixtures("attach=false")) {
            fixtures.manager().update("hash_map", "1", " ".repeat(5000) + "7", 0);
            assertThat(fixtures.manager().lookup("hash_map", "1")).isEqualTo("7");
            assertThat(records).singleElement().asString()
                    .contains(" value=\"" + " ".repeat(4096) + "...(905 more chars)\" flags=0 outcome=success");
        } finally {
            audit.stop();
        }
    }
}
