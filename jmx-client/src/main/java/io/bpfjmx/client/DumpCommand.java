package io.bpfjmx.client;

import javax.management.openmbean.TabularData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dump", mixinStandardHelpOptions = true,
        description = {"Show every entry of a map (keys in order), like bpftool map dump.",
            "A map with BTF is shown decoded: KEY and VALUE as compact JSON; --json prints bpftool's formatted "
                + "list, [{\"key\":K,\"value\":V},...] (per-CPU maps: \"values\":[{\"cpu\":0,\"value\":V},...]), "
                + "which bpfjmx update --from takes back one element per line (jq -c '.[]').",
            "--hex, and every map without BTF: raw bytes, as str:/int:/hex (or raw hex with --hex), and --json with "
                + "the raw shape (key, keyText, value, valueText, cpus).",
            "The agent is read a page at a time (--page-size): a map larger than one page prints page by page, each "
                + "page in key order, the pages in the kernel's order; neither the agent nor bpfjmx holds more than a "
                + "page."},
        footerHeading = "%nExamples:%n", footer = {
            "  bpfjmx dump --pid 4242 syscall_count_map",
            "  bpfjmx dump --pid 4242 flows --json | jq '.[] | select(.value.packets > 100)'",
            "  bpfjmx dump --pid 4242 hash_map --limit 10 --hex",
            "  bpfjmx dump --url service:jmx:rmi:///jndi/rmi://db1:9010/jmxrmi \\",
            "      --user ops --password-env PW hash_map --json"})
final class DumpCommand extends MapCommand {
    /** What the agent says of a map whose BTF makes no JSON (KeyType is set, the typed operations refuse). */
    private static final String NO_TYPED_VALUES = "takes no typed keys and values";

    /** The agent's bound of entries a call: the default page. */
    static final int DEFAULT_PAGE_SIZE = 100_000;

    @Option(names = "--limit", paramLabel = "N", description = "Show at most N entries (default: all).")
    Integer limit;

    @Option(names = "--hex", description = "Show raw bytes: keys and values as hex, and --json in the raw shape.")
    boolean hex;

    @Option(names = "--page-size", paramLabel = "N", description = "Entries the agent reads per call (default: "
            + "100,000, the most it gives a call; it gives fewer for large per-CPU entries).")
    int pageSize = DEFAULT_PAGE_SIZE;

    @Override
    void run(RemoteMap map) {
        MapInfo info = map.info();
        if (limit != null && limit < 1) {
            throw CliException.badInput("--limit " + limit + " shows nothing", "give --limit 1 or more");
        }
        if (pageSize < 1) {
            throw CliException.badInput("--page-size " + pageSize + " reads nothing", "give --page-size 1 or more");
        }
        int shown = limit != null ? limit : Integer.MAX_VALUE;
        TabularData entriesRead = null;
        if (info.typed() && !hex) {
            PagedDump<TypedEntry> typed = new PagedDump<>(map::typedDumpFrom, new PagedDump.View<>(
                    entries -> entries.sort(TypedView.KEY_ORDER), (entries, out) -> TypedView.printTable(entries, info.perCpu(), out),
                    (entries, truncated) -> TypedView.json(entries), TypedEntry::formatted, null), output, pageSize);
            try {
                typed.print(map.typedDumpFrom(null, typed.size(0, shown)), shown);
                return;
            } catch (CliException e) {
                if (output.printed) {
                    throw e; // a later page failed: what came out stays, the error goes to stderr
                }
                if (e.exitCode() == ExitCode.BAD_INPUT && e.getMessage().contains(NO_TYPED_VALUES)) {
                    output.note(e.getMessage() + "; showing raw bytes");
                } else if (e.exitCode() != ExitCode.NOT_PERMITTED) {
                    throw e;
                } else {
                    entriesRead = map.entriesTable();
                    noteEntriesAttribute();
                    if (TypedRows.isTyped(entriesRead)) {
                        typed.print(new Page<>(TypedRows.entries(entriesRead, info), null), shown);
                        return;
                    }
                }
            }
        }
        PagedDump<Entry> raw = new PagedDump<>(map::dumpFrom, new PagedDump.View<>(
                entries -> EntriesView.sort(entries, info),
                (entries, out) -> EntriesView.printTable(entries, info, hex, out),
                (entries, truncated) -> EntriesView.json(info, entries, truncated),
                entry -> EntriesView.json(info, entry), EntriesView.jsonHeader(info)), output, pageSize);
        if (entriesRead != null) {
            raw.print(new Page<>(map.entries(entriesRead), null), shown);
            return;
        }
        try {
            raw.print(map.dumpFrom(null, raw.size(0, shown)), shown);
        } catch (CliException e) {
            if (e.exitCode() != ExitCode.NOT_PERMITTED || output.printed) {
                throw e;
            }
            TabularData table = map.entriesTable();
            if (info.typed() && TypedRows.isTyped(table)) { // --hex on a typed map: Entries holds no bytes
                throw new CliException(ExitCode.NOT_PERMITTED, e.getMessage(), "your JMX role may read the "
                        + "map's Entries attribute, which holds the decoded values, not raw bytes: drop --hex",
                        null, e.getCause());
            }
            noteEntriesAttribute();
            raw.print(new Page<>(map.entries(table), null), shown);
        }
    }

    private void noteEntriesAttribute() {
        output.note("your JMX role may not invoke operations: these are the map's Entries attribute, which the "
                + "agent caps");
    }
}
