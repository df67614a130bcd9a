package io.bpfjmx.client;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "update", mixinStandardHelpOptions = true,
        description = {"Write one entry, or every entry of a file with --from.",
            "On a map with BTF a bare KEY or VALUE is typed: JSON of the map's key or value type (bpfjmx describe "
                + "MAP shows them), or a plain word or number (cat for a char array, GREEN for an enum, 42 or 0x2a "
                + "for an int). So a bare hex string is no longer raw bytes there: write hex:HEX for those.",
            "Raw bytes, on any map: str:TEXT (NUL-padded to the size), int:N (an integer of the size, in the "
                + "target host's byte order) or hex:HEX; bare hex too on a map without BTF. A per-CPU map gets the value on every CPU (or, "
                + "typed, a list [{\"cpu\":0,\"value\":V},...] of every CPU's).",
            "A key and a value go the same way: with a bare partner, str:TEXT joins as the string (char[] types) and "
                + "int:N as the number (other types); a hex: beside a bare argument is refused.",
            "--from: raw lines go in batch calls (4096 entries per call, one system call each). Typed lines (JSON "
                + "lines, or bare KEY VALUE on a map with BTF) have no batch operation in the agent: one update call "
                + "per line, about 0.5 ms each by --pid (1000 lines: ~0.5 s), more over RMI or Jolokia."},
        footerHeading = "%nExamples:%n", footer = {
            "  bpfjmx update --pid 4242 syscall_count_map cat 0 --flags noexist",
            "  bpfjmx update --pid 4242 flows '{\"src\":1,\"dst\":2,\"port\":80,\"proto\":6}' \\",
            "      '{\"packets\":0,\"comm\":\"cat\",\"color\":\"GREEN\",...}'",
            "  bpfjmx update --pid 4242 syscall_count_map str:cat int:0",
            "  bpfjmx update --pid 4242 fixtures/hash_map int:7 hex:2a00000000000000",
            "  bpfjmx update --pid 4242 hash_map --from entries.txt   # lines: KEY VALUE",
            "  bpfjmx dump --pid 4242 flows --json | jq -c '.[]' \\",
            "      | bpfjmx update --pid 4343 flows --from -",
            "  seq 1000 | sed 's/.*/int:& int:&/' | bpfjmx update --pid 4242 hash_map \\",
            "      --from -",
            "  bpfjmx update --targets fleet.txt --user ops hash_map --from entries.txt   # every JVM"})
final class UpdateCommand extends MapCommand {
    /** Entries per batch call: big enough to be few calls, small enough for any JMX or HTTP message limit. */
    private static final int BATCH = 4096;

    @Parameters(index = "1", arity = "0..1", paramLabel = "KEY", description = "Typed where the map has BTF (JSON, "
            + "a word or a number); str:TEXT, int:N or hex:HEX for raw bytes (bare hex on a map without BTF).")
    String key;

    @Parameters(index = "2", arity = "0..1", paramLabel = "VALUE", description = "As KEY.")
    String value;

    @Option(names = "--from", paramLabel = "FILE",
            description = "Read entries from FILE (- for stdin): KEY VALUE lines, or JSON lines {\"key\":K,"
                    + "\"value\":V} on a map with BTF.")
    String from;

    @Option(names = "--flags", paramLabel = "FLAGS", defaultValue = "any", converter = FlagsConverter.class,
            description = "any (default), noexist, exist, lock, joined with , (e.g. exist,lock), or a number. "
                    + "Raw lines of --from go in batches, which take only any or lock.")
    long flags;

    /** The text of --from's file, read once for every target. */
    private String fromText;

    @Override
    void prepare() {
        boolean single = key != null && value != null;
        boolean bulk = from != null;
        if (single == bulk || bulk && key != null) {
            throw CliException.badInput("give either KEY VALUE or --from FILE", "bpfjmx update --help shows both");
        }
        if (bulk) {
            fromText = InputFile.read(from);
        }
    }

    @Override
    boolean readsStdin() {
        return "-".equals(from);
    }

    @Override
    void run(RemoteMap map) {
        if (from != null) {
            updateFromFile(map);
            return;
        }
        MapInfo info = map.info();
        Arguments.Pair entry = Arguments.pair(key, value, info);
        String shown;
        if (entry.typed()) {
            try {
                map.typedUpdate(entry.key().wire(), entry.value().wire(), flags);
            } catch (CliException e) {
                throw Arguments.explain(e, info, entry.key(), entry.value());
            }
            shown = key + " = " + value;
        } else {
            map.update(entry.key().wire(), entry.value().wire(), flags);
            shown = ValueSyntax.format(entry.key().wire(), info.byteOrder()) + " = "
                    + ValueSyntax.format(entry.value().wire(), info.byteOrder());
        }
        output.print(out -> out.println("updated " + info.qualifiedName() + ": " + shown),
                () -> Json.object("object", info.object(), "map", info.name(), "updated", 1, "batches", 0,
                        "typedCalls", entry.typed() ? 1 : 0));
        note(Arguments.rawLookalike(entry.key(), "key", info));
        note(Arguments.rawLookalike(entry.value(), "value", info));
    }

    /** Raw lines in batch calls, typed lines one call each, all in file order; the first failure stops. */
    private void updateFromFile(RemoteMap map) {
        MapInfo info = map.info();
        BulkFile.Entries entries = BulkFile.parse(fromText, from, info);
        if (entries.anyRaw() && flags != Flags.ANY && flags != Flags.LOCK) {
            throw CliException.badInput("--from takes --flags any or lock only for raw lines (str:, int:, hex:, or "
                    + "any line of a map without BTF): they go in batch calls, and that is the kernel's rule for "
                    + "batches", "for noexist or exist, give the entries typed (one call each) or one by one");
        }
        Progress progress = new Progress(entries);
        List<BulkFile.Line> pending = new ArrayList<>();
        for (BulkFile.Line line : entries.lines()) {
            if (line.entry().typed()) {
                progress.batch(map, pending);
                progress.typed(map, line);
            } else {
                pending.add(line);
                if (pending.size() == BATCH) {
                    progress.batch(map, pending);
                }
            }
        }
        progress.batch(map, pending);
        output.print(out -> out.println("updated " + info.qualifiedName() + ": " + progress.written + " entries in "
                + progress.calls()),
                () -> Json.object("object", info.object(), "map", info.name(), "updated", progress.written,
                        "batches", progress.batches, "typedCalls", progress.typedCalls));
    }

    /** What a file's update has done so far, and its failures said with the file, line and progress. */
    private final class Progress {
        private final BulkFile.Entries entries;
        int written;
        int batches;
        int typedCalls;

        Progress(BulkFile.Entries entries) {
            this.entries = entries;
        }

        /** Writes the pending raw lines in one batch call, if there are any, and empties the list. */
        void batch(RemoteMap map, List<BulkFile.Line> pending) {
            if (pending.isEmpty()) {
                return;
            }
            try {
                written += map.updateBatch(pending.stream().map(line -> line.entry().key().wire())
                        .toArray(String[]::new), pending.stream().map(line -> line.entry().value().wire())
                        .toArray(String[]::new), flags);
            } catch (CliException e) {
                int first = pending.get(0).number();
                int last = pending.get(pending.size() - 1).number();
                throw failed(e, first == last ? "line " + first : "lines " + first + " to " + last + " (one batch)");
            }
            batches++;
            pending.clear();
        }

        void typed(RemoteMap map, BulkFile.Line line) {
            Arguments.Pair entry = line.entry();
            try {
                map.typedUpdate(entry.key().wire(), entry.value().wire(), flags);
            } catch (CliException e) {
                throw failed(Arguments.explain(e, map.info(), entry.key(), entry.value()), "line " + line.number());
            }
            written++;
            typedCalls++;
        }

        private CliException failed(CliException e, String where) {
            return new CliException(e.exitCode(), entries.file() + " " + where + ": " + e.getMessage() + " ("
                    + written + " of " + entries.size() + " entries written before)", e.hint(), e.errno(),
                    e.getCause());
        }

        String calls() {
            String batchCalls = batches + (batches == 1 ? " batch call" : " batch calls");
            String typed = typedCalls + (typedCalls == 1 ? " typed call" : " typed calls");
            return typedCalls == 0 ? batchCalls : batches == 0 ? typed : batchCalls + " and " + typed;
        }
    }
}
