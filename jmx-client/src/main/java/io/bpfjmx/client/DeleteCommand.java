package io.bpfjmx.client;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "delete", mixinStandardHelpOptions = true, description = {"Delete one key from a map.",
    "On a map with BTF a bare KEY is typed (JSON of the key's type, or a plain word or number); str:, int: and hex: "
        + "give raw bytes."},
        footerHeading = "%nExamples:%n", footer = {
            "  bpfjmx delete --pid 4242 syscall_count_map cat",
            "  bpfjmx delete --pid 4242 flows '{\"src\":1,\"dst\":2,\"port\":80,\"proto\":6}'",
            "  bpfjmx delete --pid 4242 fixtures/hash_map int:7"})
final class DeleteCommand extends MapCommand {
    @Parameters(index = "1", paramLabel = "KEY", description = "Typed where the map has BTF (JSON, a word or a "
            + "number); str:TEXT, int:N or hex:HEX for raw bytes (bare hex on a map without BTF).")
    String key;

    @Override
    void run(RemoteMap map) {
        MapInfo info = map.info();
        Arguments.Arg arg = Arguments.key(key, info);
        if (arg.typed()) {
            try {
                map.typedDelete(arg.wire());
            } catch (CliException e) {
                throw Arguments.explain(e, info, arg, null);
            }
        } else {
            map.delete(arg.wire());
        }
        String shown = arg.typed() ? key : ValueSyntax.format(arg.wire(), info.byteOrder());
        output.print(out -> out.println("deleted " + shown + " from " + info.qualifiedName()),
                () -> Json.object("object", info.object(), "map", info.name(), "deleted", 1));
        note(Arguments.rawLookalike(arg, "key", info));
    }
}
