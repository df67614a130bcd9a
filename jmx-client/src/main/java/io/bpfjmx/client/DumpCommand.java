package io.bpfjmx.client;

import java.util.ArrayList;
import java.util.List;
import javax.management.openmbean.TabularData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dump", mixinStandardHelpOptions = true,
        description = {"Show every entry of a map (keys in order), like bpftool map dump.",
            "A map with BTF is shown decoded: KEY and VALUE as compact JSON; --json prints bpftool's formatted "
                + "list, [{\"key\":K,\"value\":V},...] (per-CPU maps: \"values\":[{\"cpu\":0,\"value\":V},...]), "
                + "which bpfjmx update --from takes back one element per line (jq -c '.[]').",
            "--hex, and every map without BTF: raw bytes, as str:/int:/hex (or raw hex with --hex), and --json with "
                + "the raw shape (key, keyText, value, valueText, cpus)."},
        footerHeading = "%nExamples:%n", footer = {
            "  bpfjmx dump --pid 4242 syscall_count_map",
            "  bpfjmx dump --pid 4242 flows --json | jq '.[] | select(.value.packets > 100)'",
            "  bpfjmx dump --pid 4242 hash_map --limit 10 --hex",
            "  bpfjmx dump --url service:jmx:rmi:///jndi/rmi://db1:9010/jmxrmi \\",
            "      --user ops --password-env PW hash_map --json"})
final class DumpCommand extends MapCommand {
    /** What the agent says of a map whose BTF makes no JSON (KeyType is set, the typed operations refuse). */
    private static final String NO_TYPED_VALUES = "takes no typed keys and values";

    /** The agent gives at most 100,000 entries a call; one more than shown is asked for, to tell whether more exist. */
    static final int DEFAULT_LIMIT = 99_999;

    @Option(names = "--limit", paramLabel = "N", description = "Show at most N entries (default: all, up to "
            + "99,999: the agent answers at most 100,000 a call).")
    Integer limit;

    @Option(names = "--hex", description = "Show raw bytes: keys and values as hex, and --json in the raw shape.")
    boolean hex;

    /** The Entries attribute, once read (a JMX role that may not invoke), for the raw rows after the typed try. */
    private TabularData entriesRead;

    @Override
    void run(RemoteMap map) {
        MapInfo info = map.info();
        if (limit != null && limit < 1) {
            throw CliException.badInput("--limit " + limit + " shows nothing", "give --limit 1 or more");
        }
        int shown = limit != null ? limit : info.maxEntries() > 0 ? Math.min(info.maxEntries(), DEFAULT_LIMIT)
                : DEFAULT_LIMIT;
        int asked = shown == Integer.MAX_VALUE ? shown : shown + 1;
        if (info.typed() && !hex) {
            List<TypedEntry> typed = typedEntries(map, asked);
            if (typed != null) {
                printTyped(typed, shown, info.perCpu());
                return;
            }
        }
        List<Entry> entries;
        if (entriesRead != null) {
            entries = new ArrayList<>(map.entries(entriesRead));
        } else {
            try {
                entries = new ArrayList<>(map.dump(asked));
            } catch (CliException e) {
                if (e.exitCode() != ExitCode.NOT_PERMITTED) {
                    throw e;
                }
                TabularData table = map.entriesTable();
                if (info.typed() && TypedRows.isTyped(table)) { // --hex on a typed map: Entries holds no bytes
                    throw new CliException(ExitCode.NOT_PERMITTED, e.getMessage(), "your JMX role may read the "
                            + "map's Entries attribute, which holds the decoded values, not raw bytes: drop --hex",
                            null, e.getCause());
                }
                entries = new ArrayList<>(map.entries(table));
                noteEntriesAttribute();
            }
        }
        boolean truncated = entries.size() > shown;
        entries.sort(EntriesView.keyOrder(info));
        List<Entry> kept = entries.subList(0, Math.min(shown, entries.size()));
        output.print(out -> {
            EntriesView.printTable(kept, info, hex, out);
            out.println(count(kept.size(), truncated));
        }, () -> EntriesView.json(info, kept, truncated));
    }

    /**
     * Decoded by the map's BTF: the object's typed dump, or the typed rows of Entries for a role that may not
     * invoke; null when the agent cannot decode this map (its BTF has types without a JSON form).
     */
    private List<TypedEntry> typedEntries(RemoteMap map, int asked) {
        try {
            return new ArrayList<>(map.typedDump(asked));
        } catch (CliException e) {
            if (e.exitCode() == ExitCode.BAD_INPUT && e.getMessage().contains(NO_TYPED_VALUES)) {
                output.note(e.getMessage() + "; showing raw bytes");
                return null;
            }
            if (e.exitCode() != ExitCode.NOT_PERMITTED) {
                throw e;
            }
        }
        TabularData table = map.entriesTable();
        noteEntriesAttribute();
        if (!TypedRows.isTyped(table)) {
            entriesRead = table;
            return null;
        }
        return new ArrayList<>(TypedRows.entries(table, map.info()));
    }

    private void printTyped(List<TypedEntry> entries, int shown, boolean perCpu) {
        boolean truncated = entries.size() > shown;
        entries.sort(TypedView.KEY_ORDER);
        List<TypedEntry> kept = entries.subList(0, Math.min(shown, entries.size()));
        if (truncated && output.json) {
            output.note(count(kept.size(), true)); // the JSON is bpftool's list: no room to say it there
        }
        output.print(out -> {
            TypedView.printTable(kept, perCpu, out);
            out.println(count(kept.size(), truncated));
        }, () -> TypedView.json(kept));
    }

    private void noteEntriesAttribute() {
        output.note("your JMX role may not invoke operations: these are the map's Entries attribute, which the "
                + "agent caps");
    }

    private static String count(int kept, boolean truncated) {
        return kept + (kept == 1 ? " entry" : " entries") + (truncated ? " shown; more exist: raise --limit" : "");
    }
}
