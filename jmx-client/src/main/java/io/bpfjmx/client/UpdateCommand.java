package io.bpfjmx.client;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "update", mixinStandardHelpOptions = true,
        description = {"Write one entry, or every entry of a file with --from in batch calls (many entries per "
                + "system call).",
            "Keys and values: str:TEXT (NUL-padded to the size), int:N (an integer of the size, little-endian), or "
                + "hex (hex:HEX or bare). A per-CPU map gets the value on every CPU."},
        footerHeading = "%nExamples:%n", footer = {
            "  bpfjmx update --pid 4242 syscall_count_map str:cat int:0 --flags noexist",
            "  bpfjmx update --pid 4242 fixtures/hash_map int:7 hex:2a00000000000000",
            "  bpfjmx update --pid 4242 hash_map --from entries.txt   # lines: KEY VALUE",
            "  seq 1000 | sed 's/.*/int:& int:&/' | bpfjmx update --pid 4242 hash_map \\",
            "      --from -"})
final class UpdateCommand extends MapCommand {
    /** Entries per batch call: big enough to be few calls, small enough for any JMX or HTTP message limit. */
    private static final int BATCH = 4096;

    @Parameters(index = "1", arity = "0..1", paramLabel = "KEY", description = "str:TEXT, int:N or hex.")
    String key;

    @Parameters(index = "2", arity = "0..1", paramLabel = "VALUE", description = "str:TEXT, int:N or hex.")
    String value;

    @Option(names = "--from", paramLabel = "FILE",
            description = "Read KEY VALUE lines from FILE (- for stdin) and write them in batch calls.")
    String from;

    @Option(names = "--flags", paramLabel = "FLAGS", defaultValue = "any", converter = FlagsConverter.class,
            description = "any (default), noexist, exist, lock, joined with , (e.g. exist,lock), or a number. "
                    + "Batches take only any or lock.")
    long flags;

    @Override
    void run(RemoteMap map) {
        boolean single = key != null && value != null;
        boolean bulk = from != null;
        if (single == bulk || bulk && key != null) {
            throw CliException.badInput("give either KEY VALUE or --from FILE", "bpfjmx update --help shows both");
        }
        if (from != null) {
            updateFromFile(map);
            return;
        }
        MapInfo info = map.info();
        String hexKey = key(key, info);
        String hexValue = value(value, info);
        map.update(hexKey, hexValue, flags);
        output.print(out -> out.println("updated " + info.qualifiedName() + ": " + ValueSyntax.format(hexKey)
                + " = " + ValueSyntax.format(hexValue)),
                () -> Json.object("object", info.object(), "map", info.name(), "updated", 1, "batches", 0));
    }

    private void updateFromFile(RemoteMap map) {
        if (flags != Flags.ANY && flags != Flags.LOCK) {
            throw CliException.badInput("--from takes --flags any or lock only (the kernel's rule for batches)",
                    "for noexist or exist, update the entries one by one");
        }
        MapInfo info = map.info();
        BulkFile.Entries entries = BulkFile.read(from, info);
        int total = entries.keys().size();
        int written = 0;
        int batches = 0;
        for (int start = 0; start < total; start += BATCH) {
            int end = Math.min(total, start + BATCH);
            try {
                written += map.updateBatch(entries.keys().subList(start, end).toArray(String[]::new),
                        entries.values().subList(start, end).toArray(String[]::new), flags);
            } catch (CliException e) {
                throw new CliException(e.exitCode(), e.getMessage() + " (" + written + " of " + total
                        + " entries written before)", e.hint(), e.errno(), e.getCause());
            }
            batches++;
        }
        int count = written;
        int calls = batches;
        output.print(out -> out.println("updated " + info.qualifiedName() + ": " + count + " entries in " + calls
                + (calls == 1 ? " batch call" : " batch calls")),
                () -> Json.object("object", info.object(), "map", info.name(), "updated", count, "batches", calls));
    }
}
