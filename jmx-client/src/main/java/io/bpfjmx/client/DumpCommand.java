package io.bpfjmx.client;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Show every entry of a map (keys in order), like bpftool map dump.",
        footerHeading = "%nExamples:%n", footer = {
            "  bpfjmx dump --pid 4242 syscall_count_map",
            "  bpfjmx dump --pid 4242 hash_map --limit 10",
            "  bpfjmx dump --url service:jmx:rmi:///jndi/rmi://db1:9010/jmxrmi \\",
            "      --user ops --password-env PW hash_map --json"})
final class DumpCommand extends MapCommand {
    @Option(names = "--limit", paramLabel = "N", description = "Show at most N entries (default: all).")
    Integer limit;

    @Option(names = "--hex", description = "Show keys and values as raw hex.")
    boolean hex;

    @Override
    void run(RemoteMap map) {
        MapInfo info = map.info();
        if (limit != null && limit < 1) {
            throw CliException.badInput("--limit " + limit + " shows nothing", "give --limit 1 or more");
        }
        int shown = limit == null ? info.maxEntries() : limit;
        List<Entry> entries;
        try {
            entries = new ArrayList<>(map.dump(shown == Integer.MAX_VALUE ? shown : shown + 1));
        } catch (CliException e) {
            if (e.exitCode() != ExitCode.NOT_PERMITTED) {
                throw e;
            }
            entries = new ArrayList<>(map.entriesAttribute());
            output.note("your JMX role may not invoke operations: these are the map's Entries attribute, which "
                    + "the agent caps");
        }
        boolean truncated = entries.size() > shown;
        entries.sort(EntriesView.KEY_ORDER);
        List<Entry> kept = entries.subList(0, Math.min(shown, entries.size()));
        output.print(out -> {
            EntriesView.printTable(kept, info.perCpu(), hex, out);
            out.println(kept.size() + (kept.size() == 1 ? " entry" : " entries")
                    + (truncated ? " shown; more exist: raise --limit" : ""));
        }, () -> EntriesView.json(info, kept, truncated));
    }
}
