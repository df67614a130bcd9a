package io.bpfjmx.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class BulkFileTest {
    private static final MapInfo MAP = new MapInfo("o", "m", 1, "HASH", 4, 8, 16, 0, false, 8, 2, false);

    @Test
    void oneEntryPerLineCommentsAndBlankLinesSkipped() throws IOException {
        BulkFile.Entries entries = parse("# key value\nint:1 int:100\n\n  int:2\t hex:0200000000000000  \n");
        assertThat(entries.keys()).containsExactly("01000000", "02000000");
        assertThat(entries.values()).containsExactly("6400000000000000", "0200000000000000");
    }

    @Test
    void aBadLineIsNamedByNumber() {
        assertThatThrownBy(() -> parse("int:1 int:1\nint:2 str:toolongvalue\n"))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
                .hasMessage("entries.txt line 2: value str:toolongvalue is 12 bytes; the map's value is 8 bytes");
        assertThatThrownBy(() -> parse("int:1\n")).hasMessage("entries.txt line 1: expected KEY VALUE, found 1 "
                + "fields");
    }

    @Test
    void anEmptyFileIsRefused() {
        assertThatThrownBy(() -> parse("# nothing\n")).hasMessage("entries.txt has no entries");
    }

    private static BulkFile.Entries parse(String text) throws IOException {
        return BulkFile.parse(new BufferedReader(new StringReader(text)), "entries.txt", MAP);
    }
}
