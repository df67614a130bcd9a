package io.bpfjmx.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class BulkFileTest {
    private static final MapInfo MAP = new MapInfo("o", "m", 1, "HASH", 4, 8, 16, 0, false, 8, 2, false);
    private static final MapInfo TYPED = new MapInfo("o", "names", 2, "HASH", 16, 8, 16, 0, false, 8, 2, false,
            "char[16]", "__s64", ByteOrder.LITTLE_ENDIAN);
    private static final MapInfo PERCPU = new MapInfo("o", "percpu_stats", 3, "PERCPU_HASH", 4, 16, 16, 0, true, 32,
            2, false, "__u32", "struct percpu_value {\n    __u64 packets;\n    __u32 drops;\n}", ByteOrder.LITTLE_ENDIAN);

    @Test
    void oneEntryPerLineCommentsAndBlankLinesSkipped() {
        BulkFile.Entries entries = parse("# key value\nint:1 int:100\n\n  int:2\t hex:0200000000000000  \n", MAP);
        assertThat(entries.lines()).extracting(line -> line.entry().key().wire())
                .containsExactly("01000000", "02000000");
        assertThat(entries.lines()).extracting(line -> line.entry().value().wire())
                .containsExactly("6400000000000000", "0200000000000000");
        assertThat(entries.lines()).extracting(BulkFile.Line::number).containsExactly(2, 4);
        assertThat(entries.anyRaw()).isTrue();
    }

    @Test
    void aBadLineIsNamedByNumber() {
        assertThatThrownBy(() -> parse("int:1 int:1\nint:2 str:toolongvalue\n", MAP))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
                .hasMessage("entries.txt line 2: value str:toolongvalue is 12 bytes; the map's value is 8 bytes");
        assertThatThrownBy(() -> parse("int:1\n", MAP)).hasMessage("entries.txt line 1: expected KEY VALUE, found 1 "
                + "fields");
    }

    @Test
    void anEmptyFileIsRefused() {
        assertThatThrownBy(() -> parse("# nothing\n", MAP)).hasMessage("entries.txt has no entries");
    }

    @Test
    void jsonLinesAndBareLinesOfATypedMapAreTyped() {
        BulkFile.Entries entries = parse("{\"key\":\"cat\",\"value\":1}\n{ \"value\" : -2, \"key\" : \"ls\" }\n"
                + "dd 3\nstr:sh int:4\n", TYPED);
        assertThat(entries.lines()).extracting(line -> line.entry().typed()).containsExactly(true, true, true, false);
        assertThat(entries.lines()).extracting(line -> line.entry().key().wire())
                .containsExactly("\"cat\"", "\"ls\"", "dd", "7368" + "00".repeat(14));
        assertThat(entries.lines()).extracting(line -> line.entry().value().wire())
                .containsExactly("1", "-2", "3", "0400000000000000");
    }

    @Test
    void perCpuJsonLinesMayGiveEveryCpusValue() {
        BulkFile.Entries entries = parse("{\"key\":1,\"values\":[{\"cpu\":0,\"value\":{\"packets\":1,\"drops\":0}},"
                + "{\"cpu\":1,\"value\":{\"packets\":2,\"drops\":0}}]}\n", PERCPU);
        assertThat(entries.lines().get(0).entry().value().wire())
                .isEqualTo("[{\"cpu\":0,\"value\":{\"packets\":1,\"drops\":0}},{\"cpu\":1,\"value\":{\"packets\":2,"
                        + "\"drops\":0}}]");
        assertThat(entries.anyRaw()).isFalse();
    }

    @Test
    void badJsonLinesAreNamedByNumber() {
        assertThatThrownBy(() -> parse("cat 1\n{\"key\":\"dog\"}\n", TYPED))
                .hasMessage("entries.txt line 2: a JSON line is {\"key\":K,\"value\":V}; found the members [key]");
        assertThatThrownBy(() -> parse("{\"key\":\"dog\",\"value\":1\n", TYPED))
                .hasMessageStartingWith("entries.txt line 1: not a JSON line: ");
        assertThatThrownBy(() -> parse("{\"key\":\"dog\",\"values\":[]}\n", TYPED))
                .hasMessageStartingWith("entries.txt line 1: \"values\" (one per CPU) is for per-CPU maps");
        assertThatThrownBy(() -> parse("{\"key\":1,\"value\":2}\n", MAP))
                .hasMessage("entries.txt line 1: a JSON line needs a map with BTF, and o/m has none")
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.hint())
                        .contains("each line is KEY VALUE", "write KEY VALUE with hex:, int: or str:"));
    }

    @Test
    void aLineMixingHexWithATypedArgumentIsRefused() {
        assertThatThrownBy(() -> parse("cat hex:0100000000000000\n", TYPED))
                .hasMessageStartingWith("entries.txt line 1: the key cat is typed");
    }

    private static BulkFile.Entries parse(String text, MapInfo map) {
        return BulkFile.parse(text, "entries.txt", map);
    }
}
