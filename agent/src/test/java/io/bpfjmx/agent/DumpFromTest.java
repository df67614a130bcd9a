package io.bpfjmx.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.libbpf.btf.JsonTree;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The paged dumps, {@code dumpFrom} of a map's MBean (hex rows) and of its object's (JSON), against the real
 * kernel: the pages from cursor to cursor hold every key once, each page at most what was asked, and the per-call
 * bound caps a page instead of refusing it.
 */
@RequiresBpf
class DumpFromTest {
    private static final int COUNT = 3000;

    private ManagedFixtures fixtures;
    private MapOperations hashMap;

    @BeforeEach
    void fill() {
        fixtures = new ManagedFixtures("attach=false");
        hashMap = fixtures.operations("hash_map");
        String[] keys = new String[COUNT];
        String[] values = new String[COUNT];
        for (int i = 0; i < COUNT; i++) {
            keys[i] = String.format("%08x", Integer.reverseBytes(i));
            values[i] = String.format("%016x", Long.reverseBytes(i));
        }
        hashMap.updateBatch(keys, values, 0);
    }

    @AfterEach
    void close() {
        fixtures.close();
    }

    @Test
    void hexPagesHoldEveryKeyOnce() {
        Set<Object> keys = new HashSet<>();
        String cursor = "";
        int pages = 0;
        do {
            CompositeData page = hashMap.dumpFrom(cursor, 700);
            String[] pageKeys = (String[]) page.get("keys");
            String[] values = (String[]) page.get("values");
            assertThat(pageKeys).hasSizeLessThanOrEqualTo(700).hasSameSizeAs(values);
            for (int i = 0; i < pageKeys.length; i++) {
                assertThat(keys.add(pageKeys[i])).as("a key comes once").isTrue();
                assertThat(values[i]).as("the value written under " + pageKeys[i])
                        .isEqualTo(pageKeys[i].substring(0, 4) + "000000000000");
            }
            cursor = (String) page.get("next");
            pages++;
        } while (cursor != null);

        assertThat(keys).hasSize(COUNT);
        assertThat(pages).isGreaterThanOrEqualTo(COUNT / 700);
    }

    @Test
    void typedPagesHoldEveryKeyOnceAsTheTypedDumpShowsThem() {
        List<Object> all = new ArrayList<>();
        String cursor = null;
        do {
            Map<?, ?> page = (Map<?, ?>) JsonTree.read(fixtures.manager().dumpFrom("hash_map", cursor, 1000));
            all.addAll((List<?>) page.get("entries"));
            cursor = (String) page.get("next");
        } while (cursor != null);

        assertThat(all).hasSize(COUNT).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf((List<?>) JsonTree.read(fixtures.manager().dump("hash_map",
                        COUNT)));
    }

    @Test
    void aPageLargerThanTheCallBoundIsCappedNotRefused() {
        String[] keys = (String[]) hashMap.dumpFrom(null, Integer.MAX_VALUE).get("keys");

        assertThat(keys).hasSize(COUNT);
    }

    @Test
    void aCursorThatIsNoCursorIsRefusedWithAJdkException() {
        assertThatThrownBy(() -> hashMap.dumpFrom("0102", 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cursor of 2 bytes for map 'hash_map': expected 8 bytes");
        assertThatThrownBy(() -> hashMap.dumpFrom(null, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxEntries is 0; expected 1 or more");
    }
}
