package io.bpfjmx.libbpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.libbpf.btf.JsonTree;
import io.bpfjmx.libbpf.testing.BpfFsFolder;
import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.Bpftool;
import io.bpfjmx.libbpf.testing.Le;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Reads of large maps against the real kernel: counts by batch reads ({@link BpfMap#countKeys}), pages from a cursor
 * ({@link BpfMap#page}) for hashes, arrays and per-CPU maps by {@code bpf_map_lookup_batch}, and for a map type
 * read key by key; each compared with bpftool's dump of the same map.
 */
@RequiresBpf
class BigMapReadsTest {
    private static final int LARGE = 100_000;

    @Test
    void aHundredThousandKeysCountAndPageAsBpftoolDumpsThem() throws Exception {
        try (BpfFsFolder folder = BpfFsFolder.named("bigmaps")) {
            Files.createDirectories(folder.path());
            Bpftool.createPinnedMap(folder.path().resolve("big"), "hash", 4, 8, LARGE, "big_hash");
            try (BpfMap map = BpfMap.openPinned(folder.path().resolve("big"))) {
                fill(map, LARGE);
                int bpftool = Bpftool.entries(map.id()).size();

                assertThat(bpftool).isEqualTo(LARGE);
                assertThat(map.countKeys(Integer.MAX_VALUE)).isEqualTo(bpftool);
                assertThat(map.countKeys(1234)).as("the limit ends the count").isEqualTo(1234);
                List<List<MapEntry>> pages = pages(map, 1000);
                assertThat(pages).allSatisfy(page -> assertThat(page).hasSizeLessThanOrEqualTo(1000));
                assertThat(keysOnce(pages)).hasSize(bpftool);
                // a page is several batch calls, the later ones copied in after the first: each value by its key
                assertThat(pages).allSatisfy(page -> assertThat(page).allSatisfy(entry -> assertThat(entry.value())
                        .isEqualTo(Le.u64(ByteBuffer.wrap(entry.key()).order(ByteOrder.LITTLE_ENDIAN).getInt()))));
                EntryPage whole = map.page(null, 2 * LARGE);
                assertThat(whole.size()).as("a page of the whole map, in few calls").isEqualTo(LARGE);
                assertThat(whole.next()).isNull();
            }
        }
    }

    @Test
    void arraysAndPerCpuMapsCountAndPageEveryKeyOnce() throws Exception {
        try (BpfObject object = BpfObject.load(BpfObjects.fixtures())) {
            BpfMap percpu = object.map("percpu_hash");
            int count = 1000;
            byte[] keys = new byte[count * 4];
            byte[] values = new byte[count * 12];
            for (int i = 0; i < count; i++) {
                System.arraycopy(Le.u32(i), 0, keys, i * 4, 4);
                System.arraycopy(Le.triple(i, i, i), 0, values, i * 12, 12);
            }
            percpu.updateBatch(keys, values, UpdateFlags.of(0));
            for (String name : List.of("percpu_hash", "array_map", "percpu_array")) {
                BpfMap map = object.map(name);
                int bpftool = ((List<?>) JsonTree.read(Bpftool.dump(map.id()))).size();

                assertThat(map.countKeys(Integer.MAX_VALUE)).as(name).isEqualTo(bpftool);
                assertThat(map.entries(Integer.MAX_VALUE)).as(name).hasSize(bpftool);
                assertThat(keysOnce(pages(map, 3))).as(name).hasSize(bpftool);
            }
        }
    }

    @Test
    void aMapReadKeyByKeyPagesAfterTheLastKeyRead() throws Exception {
        try (BpfObject object = BpfObject.load(BpfObjects.fixtures())) {
            BpfMap trie = object.map("lpm_trie");
            for (int i = 0; i < 5; i++) {
                trie.update(new byte[] {32, 0, 0, 0, 10, 0, 0, (byte) i}, Le.u32(i), UpdateFlags.of(0));
            }
            List<List<MapEntry>> pages = pages(trie, 2);

            assertThat(pages).hasSizeGreaterThanOrEqualTo(3);
            assertThat(keysOnce(pages)).hasSize(5);
            assertThat(trie.countKeys(Integer.MAX_VALUE)).isEqualTo(5);
        }
    }

    @Test
    void aCursorOfAnotherLengthIsRefusedSayingWhatToGive() {
        try (BpfObject object = BpfObject.load(BpfObjects.fixtures())) {
            BpfMap map = object.map("hash_map");

            assertThatThrownBy(() -> map.page(new byte[3], 10))
                    .isInstanceOf(RejectedMapRequestException.class)
                    .hasMessageContaining("cursor of 3 bytes for map 'hash_map': expected 8 bytes")
                    .hasMessageContaining("the 'next' of the previous page");
        }
    }

    private static void fill(BpfMap map, int count) {
        int chunk = 10_000;
        for (int start = 0; start < count; start += chunk) {
            byte[] keys = new byte[chunk * 4];
            byte[] values = new byte[chunk * 8];
            for (int i = 0; i < chunk; i++) {
                System.arraycopy(Le.u32(start + i), 0, keys, i * 4, 4);
                System.arraycopy(Le.u64(start + i), 0, values, i * 8, 8);
            }
            map.updateBatch(keys, values, UpdateFlags.of(0));
        }
    }

    private static List<List<MapEntry>> pages(BpfMap map, int size) {
        List<List<MapEntry>> pages = new ArrayList<>();
        byte[] cursor = null;
        do {
            EntryPage page = map.page(cursor, size);
            pages.add(page.entries());
            cursor = page.next();
        } while (cursor != null);
        return pages;
    }

    /** The keys of all pages, each asserted to come once. */
    private static Set<ByteBuffer> keysOnce(List<List<MapEntry>> pages) {
        Set<ByteBuffer> keys = new HashSet<>();
        pages.forEach(page -> page.forEach(entry ->
                assertThat(keys.add(ByteBuffer.wrap(entry.key()))).as("a key comes once").isTrue()));
        return keys;
    }
}
