package io.bpfjmx.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The entries of {@code update --from FILE}: one {@code KEY VALUE} per line, separated by blanks, in the same
 * syntax as on the command line; blank lines and lines starting with {@code #} are skipped. {@code -} is stdin.
 */
final class BulkFile {
    /** Keys and values as hex, in file order. */
    record Entries(List<String> keys, List<String> values) {}

    private BulkFile() {}

    static Entries read(String file, MapInfo map) {
        try (BufferedReader reader = file.equals("-")
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            return parse(reader, file, map);
        } catch (IOException e) {
            throw CliException.badInput("cannot read " + file + ": " + e.getMessage(),
                    "give a readable file, or - for standard input");
        }
    }

    static Entries parse(BufferedReader reader, String file, MapInfo map) throws IOException {
        List<String> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        String line;
        for (int number = 1; (line = reader.readLine()) != null; number++) {
            String content = line.strip();
            if (content.isEmpty() || content.startsWith("#")) {
                continue;
            }
            String[] parts = content.split("\\s+");
            try {
                if (parts.length != 2) {
                    throw CliException.badInput("expected KEY VALUE, found " + parts.length + " fields", null);
                }
                keys.add(MapCommand.key(parts[0], map));
                values.add(MapCommand.value(parts[1], map));
            } catch (CliException e) {
                throw new CliException(e.exitCode(), file + " line " + number + ": " + e.getMessage(),
                        "each line is KEY VALUE, e.g. int:1 int:100 or str:cat int:0; " + e.hint(), null, null);
            }
        }
        if (keys.isEmpty()) {
            throw CliException.badInput(file + " has no entries", "write one KEY VALUE per line");
        }
        return new Entries(keys, values);
    }
}
