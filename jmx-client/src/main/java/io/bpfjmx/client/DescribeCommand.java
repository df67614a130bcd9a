package io.bpfjmx.client;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "describe", mixinStandardHelpOptions = true,
        description = {"Show one map's shape and the C types of its key and value, from the map's BTF: what a bare "
                + "(typed) key or value is JSON of. A map without BTF takes raw bytes only (str:, int:, hex).",
            "JSON of a type follows bpftool's formatted output: struct → object, array → list, char[] → string, "
                + "enum → its name, bitfields → numbers, u64 as a number or a string of digits."},
        footerHeading = "%nExamples:%n", footer = {
            "  bpfjmx describe --pid 4242 flows",
            "  bpfjmx describe --pid 4242 types/percpu_stats --json"})
final class DescribeCommand extends MapCommand {
    @Override
    void run(RemoteMap map) {
        MapInfo info = map.info();
        output.print(out -> print(info, out), () -> Json.object("object", info.object(), "map", info.name(),
                "id", info.id(), "type", info.type(), "keySize", info.keySize(), "valueSize", info.valueSize(),
                "maxEntries", info.maxEntries(), "flags", info.flags(), "perCpu", info.perCpu(),
                "possibleCpus", info.possibleCpus(), "valueBufferSize", info.valueBufferSize(),
                "readOnly", info.readOnly(), "typed", info.typed(), "keyType", info.keyType(),
                "valueType", info.valueType()));
    }

    private static void print(MapInfo info, PrintWriter out) {
        List<String> shape = new ArrayList<>(List.of(info.qualifiedName() + ": " + info.type(), "id " + info.id(),
                "key " + info.keySize() + "B", "value " + info.valueSize() + "B", "max_entries " + info.maxEntries(),
                "flags 0x" + Integer.toHexString(info.flags())));
        if (info.perCpu()) {
            shape.add("per-CPU x" + info.possibleCpus() + " (" + info.valueBufferSize() + "B buffer)");
        }
        if (info.readOnly()) {
            shape.add("read-only");
        }
        out.println(String.join("  ", shape));
        if (!info.typed()) {
            out.println("key: no BTF type: keys and values are raw bytes (str:TEXT, int:N, hex:HEX or bare hex)");
            if (!info.valueType().isEmpty()) {
                out.println("value: " + info.valueType());
            }
            return;
        }
        out.println("key: " + info.keyType());
        out.println((info.perCpu() ? "value (each CPU's): " : "value: ") + info.valueType());
    }
}
