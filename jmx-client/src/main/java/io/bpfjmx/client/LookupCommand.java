package io.bpfjmx.client;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "lookup", mixinStandardHelpOptions = true,
        description = {"Show the value of one key; for a per-CPU map, each possible CPU's value.",
            "On a map with BTF a bare KEY is typed (JSON of the key's type, or a plain word or number) and the "
                + "value is shown decoded, as compact JSON; --json prints bpftool's formatted shape, "
                + "{\"key\":K,\"value\":V} (per-CPU maps: \"values\":[{\"cpu\":0,\"value\":V},...]).",
            "A prefixed KEY (str:, int:, hex:) and every key of a map without BTF are raw bytes: the value is shown "
                + "as str:/int:/hex, or raw hex with --hex, and --json has the raw shape (key, keyText, value, "
                + "valueText, cpus)."},
        footerHeading = "%nExamples:%n", footer = {
            "  bpfjmx lookup --pid 4242 syscall_count_map cat",
            "  bpfjmx lookup --pid 4242 flows '{\"src\":1,\"dst\":2,\"port\":80,\"proto\":6}' --json",
            "  bpfjmx lookup --pid 4242 syscall_count_map str:cat",
            "  bpfjmx lookup --pid 4242 fixtures/percpu_hash int:1 --hex",
            "  bpfjmx lookup --jolokia http://localhost:8778/jolokia/ hash_map 7 --json"})
final class LookupCommand extends MapCommand {
    @Parameters(index = "1", paramLabel = "KEY", description = "Typed where the map has BTF (JSON, a word or a "
            + "number); str:TEXT, int:N or hex:HEX for raw bytes (bare hex on a map without BTF).")
    String key;

    @Option(names = "--hex", description = "Show keys and values as raw hex (give the key raw too: hex:, int: or "
            + "str:).")
    boolean hex;

    @Override
    void run(RemoteMap map) {
        MapInfo info = map.info();
        Arguments.Arg arg = Arguments.key(key, info);
        if (!arg.typed()) {
            List<Entry> entry = List.of(map.lookup(arg.wire()));
            output.print(out -> EntriesView.printTable(entry, info, hex, out),
                    () -> EntriesView.json(info, entry, false));
            return;
        }
        if (hex) {
            throw CliException.badInput("--hex shows raw bytes, and the key " + key + " is typed (a bare argument, "
                    + "on a map with BTF)", "give the key raw to see raw bytes: hex:…, int:… or str:…");
        }
        Object value;
        try {
            value = map.typedLookup(arg.wire());
        } catch (CliException e) {
            throw Arguments.explain(e, info, arg, null);
        }
        List<TypedEntry> entry = List.of(new TypedEntry(Arguments.keyTree(key, info), value, info.perCpu()));
        output.print(out -> TypedView.printTable(entry, info.perCpu(), out), () -> entry.get(0).formatted());
        note(Arguments.rawLookalike(arg, "key", info));
    }
}
