package io.bpfjmx.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.libbpf.btf.JsonTree;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** How a paged dump prints, without an agent: pages from a list. */
class PagedDumpTest {
    private static final MapInfo HASH = new MapInfo("fixtures", "hash_map", 7, "HASH", 4, 8, 8192, 0, false, 8, 2,
            false);

    @Command(name = "dump")
    static final class Printer {
        @Mixin
        OutputOptions output;
    }

    /** Regression: an empty last page (an array read to its very end, told by one call more) printed a header. */
    @Test
    void anEmptyLastPageAddsNothingToTheTable() {
        StringWriter out = new StringWriter();
        Printer printer = printer(out);
        PagedDump<Entry> dump = new PagedDump<>((cursor, size) -> new Page<>(new ArrayList<>(), null),
                new PagedDump.View<>(page -> EntriesView.sort(page, HASH),
                        (page, text) -> EntriesView.printTable(page, HASH, false, text), (page, truncated) -> {
                            throw new AssertionError("the whole dump built as one tree");
                        }, entry -> EntriesView.json(HASH, entry), EntriesView.jsonHeader(HASH)), printer.output, 2);

        dump.print(new Page<>(entries(2), "0200000000000000"), Integer.MAX_VALUE);

        assertThat(out.toString()).isEqualTo("KEY    VALUE\nint:1  int:1\nint:2  int:2\n2 entries\n");
    }

    /**
     * Regression: a dump that fits one page was built as one JSON tree and then one String before it printed, some
     * five times the page's memory; 100,000 entries ran out of a 96 MB heap. It streams as larger dumps do.
     */
    @Test
    void aDumpOfOnePageStreamsItsJsonInsteadOfBuildingItWhole() {
        List<Entry> entries = entries(3);
        StringWriter out = new StringWriter();
        Printer printer = printer(out);
        printer.output.json = true;
        PagedDump<Entry> dump = new PagedDump<>((cursor, size) -> {
            throw new AssertionError("one page: nothing more to read");
        }, new PagedDump.View<>(page -> EntriesView.sort(page, HASH), (page, text) -> {
            throw new AssertionError("JSON asked for");
        }, (page, truncated) -> {
            throw new AssertionError("the whole dump built as one tree");
        }, entry -> EntriesView.json(HASH, entry), EntriesView.jsonHeader(HASH)), printer.output, 100_000);

        dump.print(new Page<>(entries, null), Integer.MAX_VALUE);

        assertThat(out.toString()).as("one line, ended").endsWith("}\n").containsOnlyOnce("\n");
        Map<?, ?> json = (Map<?, ?>) JsonTree.read(out.toString());
        assertThat(json.get("truncated")).isEqualTo(false);
        List<Object> keys = new ArrayList<>();
        ((List<?>) json.get("entries")).forEach(entry -> keys.add(((Map<?, ?>) entry).get("keyText")));
        assertThat(keys).containsExactly("int:1", "int:2", "int:3");
    }

    /** Options that print into {@code out}, as stdout. */
    private static Printer printer(StringWriter out) {
        Printer printer = new Printer();
        new CommandLine(printer).setOut(new PrintWriter(out));
        return printer;
    }

    /** Entries of keys {@code count} down to 1, each value its key. */
    private static List<Entry> entries(int count) {
        List<Entry> entries = new ArrayList<>();
        for (int key = count; key > 0; key--) {
            entries.add(new Entry(String.format("%02x000000", key), String.format("%02x00000000000000", key), null));
        }
        return entries;
    }
}
