package io.bpfjmx.client;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete one key from a map.",
        footerHeading = "%nExamples:%n", footer = {
            "  bpfjmx delete --pid 4242 syscall_count_map str:cat",
            "  bpfjmx delete --pid 4242 fixtures/hash_map int:7"})
final class DeleteCommand extends MapCommand {
    @Parameters(index = "1", paramLabel = "KEY", description = "str:TEXT, int:N or hex.")
    String key;

    @Override
    void run(RemoteMap map) {
        String hexKey = key(key, map.info());
        map.delete(hexKey);
        output.print(out -> out.println("deleted " + ValueSyntax.format(hexKey) + " from "
                + map.info().qualifiedName()),
                () -> Json.object("object", map.info().object(), "map", map.info().name(), "deleted", 1));
    }
}
