package io.bpfjmx.client;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "lookup", mixinStandardHelpOptions = true,
        description = "Show the value of one key; for a per-CPU map, each possible CPU's value.",
        footerHeading = "%nExamples:%n", footer = {
            "  bpfjmx lookup --pid 4242 syscall_count_map str:cat",
            "  bpfjmx lookup --pid 4242 fixtures/percpu_hash int:1 --hex",
            "  bpfjmx lookup --jolokia http://localhost:8778/jolokia/ hash_map int:7 --json"})
final class LookupCommand extends MapCommand {
    @Parameters(index = "1", paramLabel = "KEY", description = "str:TEXT, int:N or hex.")
    String key;

    @Option(names = "--hex", description = "Show keys and values as raw hex.")
    boolean hex;

    @Override
    void run(RemoteMap map) {
        List<Entry> entry = List.of(map.lookup(key(key, map.info())));
        output.print(out -> EntriesView.printTable(entry, map.info().perCpu(), hex, out),
                () -> EntriesView.json(map.info(), entry, false));
    }
}
