package io.bpfjmx.client;

import picocli.CommandLine.Parameters;

/** A command on one map, named {@code MAP} or {@code OBJECT/MAP}. */
abstract class MapCommand extends TargetCommand {
    @Parameters(index = "0", paramLabel = "MAP", description = "The map: its name, or OBJECT/MAP if several "
            + "objects have a map of that name (bpfjmx maps lists them).")
    String map;

    @Override
    final void run(AgentClient agent) {
        run(agent.map(map));
    }

    abstract void run(RemoteMap map);

    /** A remark on stderr, if there is one (null: none). */
    void note(String note) {
        if (note != null) {
            output.note(note);
        }
    }

    /** {@code text} in the map's key syntax, as hex of the key size. */
    static String key(String text, MapInfo map) {
        try {
            return ValueSyntax.parse(text, "key", map.keySize(), map.byteOrder());
        } catch (IllegalArgumentException e) {
            throw CliException.badInput(e.getMessage(), syntaxHint(map));
        }
    }

    /** {@code text} in the map's value syntax, as hex; per-CPU maps also take the whole buffer as hex. */
    static String value(String text, MapInfo map) {
        try {
            return map.perCpu() ? ValueSyntax.parsePerCpuValue(text, map.valueSize(), map.valueBufferSize(),
                    map.byteOrder())
                    : ValueSyntax.parse(text, "value", map.valueSize(), map.byteOrder());
        } catch (IllegalArgumentException e) {
            throw CliException.badInput(e.getMessage(), syntaxHint(map));
        }
    }

    private static String syntaxHint(MapInfo map) {
        return map.qualifiedName() + " has " + map.keySize() + "-byte keys and " + map.valueSize() + "-byte values"
                + (map.perCpu() ? " per CPU" : "") + "; write them as str:TEXT, int:N (1, 2, 4, 8 bytes) or "
                + (map.typed() ? "hex:HEX, or bare as JSON of the map's types (bpfjmx describe " + map.name() + ")"
                        : "hex");
    }
}
