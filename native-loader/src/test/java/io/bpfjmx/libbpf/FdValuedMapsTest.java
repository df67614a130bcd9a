package io.bpfjmx.libbpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.libbpf.btf.MapCodec;
import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.Bpftool;
import io.bpfjmx.libbpf.testing.Le;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import io.bpfjmx.libbpf.testing.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Program arrays and maps of maps against the kernel ({@code fd_maps.bpf.o}): raw values refused, programs and maps
 * written by id, pin and name and then used by the object's programs (a real tail call, a real inner-map read, on
 * this process's getpid calls), read back as ids with names, and every descriptor bpfjmx opened closed again.
 */
@RequiresBpf
class FdValuedMapsTest {
    private static final byte[] ZERO = Le.u32(0);
    private static final UpdateFlags ANY = UpdateFlags.of(UpdateFlags.ANY);

    private BpfObject object;
    private Path pin;

    @BeforeEach
    void load() {
        object = BpfObject.load(BpfObjects.fdMaps());
        object.attach();
        object.map(".bss").update(ZERO, Le.u32((int) ProcessHandle.current().pid()), ANY);
        pin = Path.of("/sys/fs/bpf/bpfjmx-fd-test-" + ProcessHandle.current().pid());
    }

    @AfterEach
    void close() throws IOException {
        object.close();
        Files.deleteIfExists(pin);
    }

    @Test
    void mapsOfProgramsAndMapsHoldReferencesAndKeysWithoutBtfAreNumbers() {
        assertThat(object.maps()).filteredOn(BpfMap::holdsReferences).extracting(BpfMap::name)
                .containsExactlyInAnyOrder("jump_table", "outer", "outer_hash");
        assertThat(object.map("jump_table").codec().keyType()).isEqualTo("__u32");
        assertThat(object.map("outer_hash").codec().keyType()).isEqualTo("__u64");
        assertThat(object.map("jump_table").codec().valueType()).isEqualTo("program (read as {\"id\":N,\"name\":"
                + "\"…\"}; written as {\"id\":N}, {\"pinned\":\"/sys/fs/bpf/…\"} or {\"name\":\"<program of this "
                + "object>\"})");
        assertThat(object.map("outer").codec().valueType()).startsWith("map (read as");
        assertThat(object.map("sockets").codec().keyType()).isEmpty();
        assertThat(MapType.SOCKMAP.fdValue()).contains(FdValue.SOCKET);
        assertThat(MapType.HASH.fdValue()).isEmpty();
    }

    @Test
    void rawValuesAreRefusedBeforeAnyKernelCall() {
        BpfMap jumpTable = object.map("jump_table");
        String rawRefusal = "of map 'jump_table' refused: a PROG_ARRAY's values are programs, which user space writes "
                + "as file descriptors of its own process: raw bytes would be the number of whatever file this "
                + "process has open under it, any program it holds included; give the program instead, to the typed "
                + "update, as {\"id\":N}, {\"pinned\":\"/sys/fs/bpf/…\"} or {\"name\":\"<program of this object>\"}";
        int someFd = jumpTable.fd();
        assertRejected(() -> jumpTable.update(ZERO, Le.u32(someFd), ANY), RejectedMapRequestException.Reason.FD_VALUE,
                "update " + rawRefusal);
        assertRejected(() -> jumpTable.updateBatch(ZERO, Le.u32(someFd), ANY),
                RejectedMapRequestException.Reason.FD_VALUE, "batch update " + rawRefusal);
        assertThatThrownBy(() -> jumpTable.lookup(ZERO)).isInstanceOf(BpfException.class)
                .hasMessage("lookup of map 'jump_table' failed: ENOENT (no such key)");

        String sockets = "of map 'sockets' refused: a SOCKMAP's values are socket file descriptors, which only a "
                + "process holding the socket can give; bpfjmx cannot write them";
        assertRejected(() -> object.map("sockets").update(ZERO, Le.u64(someFd), ANY),
                RejectedMapRequestException.Reason.FD_VALUE, "update " + sockets);
        assertRejected(() -> FdTarget.parse("{\"id\":1}", object.map("sockets")),
                RejectedMapRequestException.Reason.FD_VALUE, "update " + sockets);
        assertRejected(() -> object.map("sockets").codec().encodeKey("0"), RejectedMapRequestException.Reason.FD_VALUE,
                "map 'sockets' takes no typed keys and values: a SOCKMAP's values are socket file descriptors, which "
                        + "only a process holding the socket can give; bpfjmx cannot write them; lookupElem, "
                        + "deleteElem and getNextKey take its keys as hex (the CLI's hex: prefix)");
    }

    @Test
    void aProgramPutByNameIdOrPinIsTailCalledAndReadBackAsItsId() throws Exception {
        BpfMap jumpTable = object.map("jump_table");
        BpfMap tailCalls = object.map("tail_calls");
        Syscalls.getpid(5);
        assertThat(count(tailCalls, 1)).as("jump ran").isGreaterThanOrEqualTo(5);
        assertThat(count(tailCalls, 0)).as("nothing to jump to yet").isZero();

        int targetId = put(jumpTable, "{\"name\":\"target\"}");
        Syscalls.getpid(5);
        assertThat(count(tailCalls, 0)).as("target ran by the tail call").isGreaterThanOrEqualTo(5);
        MapCodec codec = jumpTable.codec();
        assertThat(codec.decodeValue(jumpTable.lookup(codec.encodeKey("0"))))
                .isEqualTo(Map.of("id", (long) targetId, "name", "target"));
        assertThat(Bpftool.entries(jumpTable.id())).containsEntry("00000000", hex(Le.u32(targetId)));
        assertThat(OpenFd.kernelNameOf(FdValue.PROGRAM, -1)).as("the name of a program that is gone").isEmpty();

        jumpTable.delete(ZERO);
        long before = count(tailCalls, 0);
        Syscalls.getpid(5);
        assertThat(count(tailCalls, 0)).as("no tail call once deleted").isEqualTo(before);

        assertThat(put(jumpTable, "{\"id\":" + targetId + "}")).isEqualTo(targetId);
        Bpftool.pinProgram(targetId, pin);
        jumpTable.delete(ZERO);
        assertThat(put(jumpTable, "{\"pinned\":\"" + pin + "\"}")).isEqualTo(targetId);
        Syscalls.getpid(5);
        assertThat(count(tailCalls, 0)).as("by pin: tail-called again").isGreaterThanOrEqualTo(before + 5);
    }

    @Test
    void anInnerMapPutByNameIdOrPinIsTheOneTheProgramReads() {
        BpfMap outer = object.map("outer");
        BpfMap seen = object.map("seen");
        object.map("inner_a").update(ZERO, Le.u64(111), ANY);
        object.map("inner_b").update(ZERO, Le.u64(222), ANY);
        Syscalls.getpid(1);
        assertThat(count(seen, 0)).as("outer[0] empty").isZero();

        put(outer, "{\"name\":\"inner_a\"}");
        Syscalls.getpid(1);
        assertThat(count(seen, 0)).isEqualTo(111);
        assertThat(outer.codec().decodeValue(outer.lookup(ZERO)))
                .isEqualTo(Map.of("id", (long) object.map("inner_a").id(), "name", "inner_a"));

        put(outer, "{\"id\":" + object.map("inner_b").id() + "}");
        Syscalls.getpid(1);
        assertThat(count(seen, 0)).isEqualTo(222);

        object.map("inner_a").pin(pin);
        put(outer, "{\"pinned\":\"" + pin + "\"}");
        Syscalls.getpid(1);
        assertThat(count(seen, 0)).isEqualTo(111);
    }

    @Test
    void aHashOfMapsTakesItsEightByteKeysAsNumbersAndItsFlags() {
        BpfMap outerHash = object.map("outer_hash");
        MapCodec codec = outerHash.codec();
        try (OpenFd innerB = FdTarget.parse("{\"name\":\"inner_b\"}", outerHash).openFor(outerHash, object)) {
            outerHash.update(codec.encodeKey("7"), innerB, UpdateFlags.of(UpdateFlags.NOEXIST));
            assertThatThrownBy(() -> outerHash.update(codec.encodeKey("7"), innerB,
                    UpdateFlags.of(UpdateFlags.NOEXIST)))
                    .hasMessage("update of map 'outer_hash' failed: EEXIST (key exists and flags=NOEXIST)");
        }
        assertThat(outerHash.entries(10)).singleElement().satisfies(entry -> {
            assertThat(codec.decodeKey(entry.key())).isEqualTo(7L);
            assertThat(codec.decodeValue(entry.value()))
                    .isEqualTo(Map.of("id", (long) object.map("inner_b").id(), "name", "inner_b"));
        });
    }

    @Test
    void namesIdsAndPinsThatDoNotFitAreRefusedSayingWhy() throws Exception {
        BpfMap jumpTable = object.map("jump_table");
        BpfMap outer = object.map("outer");
        String programs = object.programs().stream().map(BpfProgram::name).reduce((a, b) -> a + ", " + b)
                .orElseThrow();
        assertRejected(() -> open(jumpTable, "{\"name\":\"nope\"}"), RejectedMapRequestException.Reason.TYPED_VALUE,
                "value of map 'jump_table': object 'fd_maps' has no program 'nope'; its programs are: " + programs);
        assertRejected(() -> open(jumpTable, "{\"name\":\"inner_a\"}"), RejectedMapRequestException.Reason.TYPED_VALUE,
                "value of map 'jump_table': object 'fd_maps' has no program 'inner_a'; its programs are: " + programs);
        assertThatThrownBy(() -> open(jumpTable, "{\"id\":4294967295}")).isInstanceOf(BpfException.class)
                .hasMessage("open of program id 4294967295 for map 'jump_table' failed: ENOENT (no such file, pin or "
                        + "id)\nbpftool prog list shows the ids there are");
        assertThatThrownBy(() -> open(outer, "{\"pinned\":\"/sys/fs/bpf/bpfjmx-no-such-pin\"}"))
                .isInstanceOf(BpfException.class).hasMessage("open of pin /sys/fs/bpf/bpfjmx-no-such-pin for map "
                        + "'outer' failed: ENOENT (no such file, pin or id)");
        Path notBpf = Files.createTempFile("bpfjmx-not-a-pin", "");
        try {
            assertRejected(() -> open(outer, "{\"pinned\":\"" + notBpf + "\"}"),
                    RejectedMapRequestException.Reason.TYPED_VALUE, "value of map 'outer': {\"pinned\":\"" + notBpf
                            + "\"} is not on a BPF file system: programs and maps are pinned on one, mounted at "
                            + "/sys/fs/bpf usually");
        } finally {
            Files.delete(notBpf);
        }
        int targetId = put(jumpTable, "{\"name\":\"target\"}");
        Bpftool.pinProgram(targetId, pin);
        assertRejected(() -> open(outer, "{\"pinned\":\"" + pin + "\"}"),
                RejectedMapRequestException.Reason.TYPED_VALUE,
                "value of map 'outer': {\"pinned\":\"" + pin + "\"} is a program, and map 'outer' holds maps");

        int tailCallsId = object.map("tail_calls").id();
        try (OpenFd tailCalls = open(outer, "{\"name\":\"tail_calls\"}")) {
            assertThatThrownBy(() -> outer.update(ZERO, tailCalls, ANY)).isInstanceOf(BpfException.class)
                    .hasMessage("update of map 'outer' failed: EINVAL (invalid argument: flags or key/value the kernel "
                            + "refuses for this map type)\n{\"name\":\"tail_calls\"} (map 'tail_calls', id "
                            + tailCallsId + "), ARRAY, key 4 B, value 8 B, max_entries 2, flags 0x0, does not fit map "
                            + "'outer': a map of maps takes only maps like the inner map it was created with: the same "
                            + "type, key and value sizes and flags (arrays: the same max_entries too), and no map of "
                            + "maps");
            assertRejected(() -> jumpTable.update(ZERO, tailCalls, ANY), RejectedMapRequestException.Reason.TYPED_VALUE,
                    "update of map 'jump_table' refused: a PROG_ARRAY holds programs, and a map was given");
            assertRejected(() -> outer.update(ZERO, tailCalls, UpdateFlags.of(UpdateFlags.EXIST)),
                    RejectedMapRequestException.Reason.FLAGS, "flags EXIST for an update of map 'outer': an "
                            + "ARRAY_OF_MAPS takes only ANY (0): each index holds one map or none, and an update puts "
                            + "the new one in its place");
        }
        assertThatThrownBy(() -> outer.lookup(ZERO)).as("nothing was written").isInstanceOf(BpfException.class);
    }

    /** A program array opened by id belongs to no object here: a name finds nothing, an id or a pin still works. */
    @Test
    void aMapOpenedByIdTakesProgramsByIdOrPinButNotByName() {
        int targetId = put(object.map("jump_table"), "{\"name\":\"target\"}");
        try (BpfMap byId = BpfMap.openById(object.map("jump_table").id())) {
            assertRejected(() -> FdTarget.parse("{\"name\":\"target\"}", byId).openFor(byId, null),
                    RejectedMapRequestException.Reason.TYPED_VALUE, "value of map 'jump_table': {\"name\":\"target\"} "
                            + "names a program of the map's object, and map 'jump_table' was opened by pin or id, "
                            + "without one: give the id or the pin instead");
            try (OpenFd target = FdTarget.parse("{\"id\":" + targetId + "}", byId).openFor(byId, null)) {
                byId.update(Le.u32(1), target, ANY);
            }
            assertThat(Le.readU32(byId.lookup(Le.u32(1)), 0)).isEqualTo(targetId);
        }
    }

    @Test
    void valuesThatNameNothingAreRefusedWithTheFormsThereAre() {
        BpfMap outer = object.map("outer");
        String forms = " is not one of {\"id\":N}, {\"pinned\":\"/sys/fs/bpf/…\"} or {\"name\":\"…\"}: an "
                + "ARRAY_OF_MAPS holds maps, given by the kernel's id (bpftool map list), the path one is pinned at, "
                + "or the name of one of its object's maps";
        Map<String, String> refusals = Map.of(
                "42", "42" + forms,
                "{\"id\":1,\"name\":\"inner_a\"}", "{\"id\":1,\"name\":\"inner_a\"}" + forms,
                "{\"id\":0}", "{\"id\":0}: an id is a whole number from 1 to 4294967295",
                "{\"id\":1.5}", "{\"id\":1.5}: an id is a whole number from 1 to 4294967295",
                "{\"pinned\":\"inner\"}", "{\"pinned\":\"inner\"}: a pin is an absolute path on a BPF file system, "
                        + "e.g. /sys/fs/bpf/x",
                "{\"name\":\"\"}", "{\"name\":\"\"}: a name is the text of a map's name in the object",
                "{\"fd\":3}", "{\"fd\":3} has no member id, pinned or name: give {\"id\":N}, "
                        + "{\"pinned\":\"/sys/fs/bpf/…\"} or {\"name\":\"…\"}");
        refusals.forEach((json, message) -> assertRejected(() -> FdTarget.parse(json, outer),
                RejectedMapRequestException.Reason.TYPED_VALUE, "value of map 'outer': " + message));
        assertRejected(() -> outer.codec().encodeValue("{\"name\":\"inner_a\"}"),
                RejectedMapRequestException.Reason.FD_VALUE, "value of map 'outer': a map is written by reference, "
                        + "not as bytes: open it with FdTarget.openFor and give it to BpfMap.update(key, OpenFd, "
                        + "flags)");
    }

    @Test
    void everyDescriptorOpenedForAWriteOrANameIsClosed() throws Exception {
        int targetId = put(object.map("jump_table"), "{\"name\":\"target\"}");
        object.map("inner_b").pin(pin);
        writeAndRefuse(targetId); // a first round opens what the JVM and JNA open once, lazily
        Map<String, String> before = openDescriptors();
        for (int i = 0; i < 200; i++) {
            writeAndRefuse(targetId);
        }
        assertThat(openDescriptors()).as("no descriptor more after 200 rounds").isEqualTo(before);
    }

    /** Writes by id, pin and name, reads the names back, and has a write, a pin and an id refused. */
    private void writeAndRefuse(int targetId) {
        BpfMap jumpTable = object.map("jump_table");
        BpfMap outer = object.map("outer");
        put(jumpTable, "{\"id\":" + targetId + "}");
        put(outer, "{\"pinned\":\"" + pin + "\"}");
        put(outer, "{\"name\":\"inner_a\"}");
        jumpTable.codec().decodeValue(jumpTable.lookup(ZERO));
        outer.codec().decodeValue(outer.lookup(ZERO));
        try (OpenFd mismatch = open(outer, "{\"name\":\"tail_calls\"}")) {
            assertThatThrownBy(() -> outer.update(ZERO, mismatch, ANY)).isInstanceOf(BpfException.class);
        }
        assertThatThrownBy(() -> open(jumpTable, "{\"pinned\":\"" + pin + "\"}"))
                .isInstanceOf(RejectedMapRequestException.class);
        assertThatThrownBy(() -> open(outer, "{\"id\":4294967295}")).isInstanceOf(BpfException.class);
    }

    /** Opens what {@code json} names for {@code map}, writes it under key 0, closes it; returns its kernel id. */
    private int put(BpfMap map, String json) {
        try (OpenFd value = open(map, json)) {
            map.update(ZERO, value, ANY);
            return value.id();
        }
    }

    private OpenFd open(BpfMap map, String json) {
        return FdTarget.parse(json, map).openFor(map, object);
    }

    private static long count(BpfMap map, int index) {
        return Le.readU64(map.lookup(Le.u32(index)), 0);
    }

    /** This process's open descriptors and what each is (the link's target), but the one that lists them. */
    private static Map<String, String> openDescriptors() throws IOException {
        Map<String, String> open = new java.util.TreeMap<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    open.put(fd.getFileName().toString(), Files.readSymbolicLink(fd).toString());
                } catch (java.nio.file.NoSuchFileException closedMeanwhile) {
                    // the listing's own descriptor
                }
            }
        }
        return open;
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }

    private static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
                                       RejectedMapRequestException.Reason reason, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RejectedMapRequestException.class,
                e -> assertThat(e.reason()).isEqualTo(reason)).hasMessage(message);
    }
}
