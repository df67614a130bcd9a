package io.bpfjmx.client;

import com.google.gson.stream.JsonWriter;
import io.bpfjmx.libbpf.btf.JsonTree;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A dump read page by page through the agent's {@code dumpFrom}, so that neither the agent nor the CLI holds more
 * than one page. Each page prints as it comes: its text a table a page (each in key order; pages in the kernel's
 * order; a dump that fits one page is thus in key order), its JSON written element by element into the output
 * (Gson's {@link JsonWriter}), not built first. Through a fleet (one report per target) the pages are gathered and
 * printed as a whole.
 *
 * @param <T> a raw {@link Entry} or a decoded {@link TypedEntry}
 */
final class PagedDump<T> {
    /** One call of the agent's paged dump: up to {@code size} entries from {@code cursor} (null: the start). */
    interface Reader<T> {
        Page<T> read(String cursor, int size);
    }

    /**
     * How the entries print.
     *
     * @param sort   sorts some entries in key order (a page's, or the whole dump's)
     * @param table  the text table of some entries
     * @param json   the JSON of a whole dump, given whether entries were left out
     * @param entry  the JSON tree of one entry, as {@code json} has it
     * @param header for JSON that is an object ({@code "entries"} then {@code "truncated"} follow these members);
     *               null for a bare list of entries
     */
    record View<T>(Consumer<List<T>> sort, BiConsumer<List<T>, PrintWriter> table,
                   BiFunction<List<T>, Boolean, Object> json, Function<T, Object> entry, Map<String, Object> header) {}

    private final Reader<T> reader;
    private final View<T> view;
    private final OutputOptions output;
    private final int pageSize;

    PagedDump(Reader<T> reader, View<T> view, OutputOptions output, int pageSize) {
        this.reader = reader;
        this.view = view;
        this.output = output;
        this.pageSize = pageSize;
    }

    /** Prints up to {@code shown} entries, given the first page, read for {@link #size}. */
    void print(Page<T> first, int shown) {
        // a single page streams too: its JSON built whole (a tree, then its text) took several times the memory of
        // the page, and in a JVM just started each fresh 4 KiB costs a page fault
        if (!output.streams()) {
            printWhole(gather(first, shown), shown);
        } else {
            output.stream(out -> stream(first, shown, out));
        }
    }

    /** The size of the page to ask for when {@code printed} of {@code shown} entries are out: one more, to tell. */
    int size(long printed, int shown) {
        return (int) Math.max(1, Math.min(pageSize, shown - printed + 1));
    }

    private List<T> gather(Page<T> first, int shown) {
        List<T> all = new ArrayList<>(first.entries());
        for (String next = first.next(); next != null && all.size() <= shown; ) {
            Page<T> page = reader.read(next, size(all.size(), shown));
            all.addAll(page.entries());
            next = page.next();
        }
        return all;
    }

    private void printWhole(List<T> entries, int shown) {
        boolean truncated = entries.size() > shown;
        view.sort().accept(entries);
        List<T> kept = entries.subList(0, Math.min(shown, entries.size()));
        if (truncated && output.json && view.header() == null) {
            output.note(count(kept.size(), true)); // bpftool's bare list: no room to say it there
        }
        output.print(out -> {
            view.table().accept(kept, out);
            out.println(count(kept.size(), truncated));
        }, () -> view.json().apply(kept, truncated));
    }

    private void stream(Page<T> first, int shown, PrintWriter out) {
        try {
            JsonWriter json = output.json ? new JsonWriter(new BlockWriter(out)) : null;
            if (json != null) {
                startJson(json);
            }
            long printed = 0;
            boolean truncated = false;
            Page<T> page = first;
            while (true) {
                List<T> entries = new ArrayList<>(page.entries());
                view.sort().accept(entries);
                if (printed + entries.size() > shown) {
                    truncated = true;
                    entries = entries.subList(0, (int) (shown - printed));
                }
                // a later empty page (the end of an array, which the kernel tells a call late) adds no header
                if (printed == 0 || !entries.isEmpty()) {
                    printPage(entries, json, out);
                }
                printed += entries.size();
                if (truncated || page.next() == null) {
                    break;
                }
                page = reader.read(page.next(), size(printed, shown));
            }
            if (json != null) {
                endJson(json, truncated);
                out.println(); // the JSON's line ends, as every command's output does
                out.flush();
                if (truncated && view.header() == null) {
                    output.note(count(printed, true));
                }
            } else {
                out.println(count(printed, truncated));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void printPage(List<T> entries, JsonWriter json, PrintWriter out) throws IOException {
        if (json == null) {
            view.table().accept(entries, out);
        } else {
            for (T entry : entries) {
                JsonTree.write(view.entry().apply(entry), json);
            }
            json.flush(); // through the block writer to stdout
        }
        out.flush();
    }

    private void startJson(JsonWriter json) throws IOException {
        if (view.header() != null) {
            json.beginObject();
            for (Map.Entry<String, Object> member : view.header().entrySet()) {
                json.name(member.getKey()).jsonValue(JsonTree.write(member.getValue()));
            }
            json.name("entries");
        }
        json.beginArray();
    }

    private void endJson(JsonWriter json, boolean truncated) throws IOException {
        json.endArray();
        if (view.header() != null) {
            json.name("truncated").value(truncated);
            json.endObject();
        }
        json.flush();
    }

    static String count(long kept, boolean truncated) {
        return kept + (kept == 1 ? " entry" : " entries") + (truncated ? " shown; more exist: raise --limit" : "");
    }
}
