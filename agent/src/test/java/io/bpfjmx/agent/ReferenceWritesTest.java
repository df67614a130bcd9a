package io.bpfjmx.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.libbpf.BpfMap;
import io.bpfjmx.libbpf.BpfObject;
import io.bpfjmx.libbpf.FdTarget;
import io.bpfjmx.libbpf.OpenFd;
import io.bpfjmx.libbpf.btf.JsonTree;
import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.util.List;
import java.util.Map;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;

/**
 * The typed update of maps whose values are programs or maps, and {@code writableMaps} for the maps put into a map of
 * maps: those of the object it names go in, the others (of the object, of another object) do not while it is set.
 */
@RequiresBpf
class ReferenceWritesTest {
    @Test
    void withWritableMapsOnlyTheMapsItNamesGoIntoAMapOfMaps() {
        try (ManagedFixtures fdMaps = new ManagedFixtures(BpfObjects.fdMaps(), "attach=false,"
                + "writableMaps=outer:inner_a:jump_table");
             BpfObject other = BpfObject.load(BpfObjects.fdMaps())) {
            BpfObjectManager object = fdMaps.manager();
            object.update("outer", "0", "{\"name\":\"inner_a\"}", 0);
            int foreign = other.map("inner_a").id();
            assertThatThrownBy(() -> object.update("outer", "0", "{\"id\":" + foreign + "}", 0))
                    .isExactlyInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("update refused on map 'outer': {\"id\":" + foreign + "} (map 'inner_a', id " + foreign
                            + ") is not a map of this object that agent option writableMaps=outer:inner_a:jump_table "
                            + "names: while that option is set, only maps it names may go into a map of maps, where "
                            + "the object's programs would read and write them");
            assertThat(fdMaps.count("outer", "update", "rejected", "writable_maps")).isEqualTo(1);
            assertThat(JsonTree.read(object.lookup("outer", "0"))).as("still the object's own inner_a")
                    .isEqualTo(Map.of("id", (long) fdMapsId(object, "inner_a"), "name", "inner_a"));

            int otherTarget = targetId(other);
            object.update("jump_table", "1", "{\"id\":" + otherTarget + "}", 0);
            assertThat(JsonTree.read(object.lookup("jump_table", "1"))).as("programs are not bound by writableMaps")
                    .isEqualTo(Map.of("id", (long) otherTarget, "name", "target"));
        }
    }

    @Test
    void withoutWritableMapsAnyMapOfTheRightShapeGoesIn() {
        try (ManagedFixtures fdMaps = new ManagedFixtures(BpfObjects.fdMaps(), "attach=false");
             BpfObject other = BpfObject.load(BpfObjects.fdMaps())) {
            BpfObjectManager object = fdMaps.manager();
            int foreign = other.map("inner_b").id();
            object.update("outer_hash", "7", "{\"id\":" + foreign + "}", 1);
            assertThat(JsonTree.read(object.dump("outer_hash", 10)))
                    .isEqualTo(List.of(Map.of("key", 7L, "value", Map.of("id", (long) foreign,
                            "name", "inner_b"))));
            assertThatThrownBy(() -> object.update("outer_hash", "7", "{\"id\":" + foreign + "}", 1))
                    .isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage("update of map 'outer_hash' failed: EEXIST (key exists and flags=NOEXIST)");
            assertThatThrownBy(() -> object.update("sockets", "0", "{\"id\":" + foreign + "}", 0))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("map 'sockets' takes no typed keys and values: a SOCKMAP's values are socket file "
                            + "descriptors, which only a process holding the socket can give; bpfjmx cannot write "
                            + "them; lookupElem, deleteElem and getNextKey take its keys as hex (the CLI's hex: "
                            + "prefix)");
            assertThat(fdMaps.count("sockets", "update", "rejected", "fd_value")).isEqualTo(1);
        }
    }

    /** The kernel's id of {@code object}'s program {@code target}, opened by name as for its own jump_table. */
    private static int targetId(BpfObject object) {
        BpfMap jumpTable = object.map("jump_table");
        try (OpenFd target = FdTarget.parse("{\"name\":\"target\"}", jumpTable).openFor(jumpTable, object)) {
            return target.id();
        }
    }

    private static int fdMapsId(BpfObjectManager object, String map) {
        return object.getMaps().values().stream().map(row -> (CompositeData) row)
                .filter(row -> row.get("name").equals(map)).map(row -> (Integer) row.get("id")).findFirst()
                .orElseThrow();
    }
}
