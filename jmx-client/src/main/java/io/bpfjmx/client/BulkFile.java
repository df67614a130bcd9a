package io.bpfjmx.client;

import io.bpfjmx.libbpf.btf.JsonTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The entries of {@code update --from FILE}, one per line: {@code KEY VALUE}, separated by blanks, in the same
 * syntax as on the command line (typed or raw, {@link Arguments}); or, on a map with BTF, a JSON line
 * {@code {"key":K,"value":V}} (per-CPU maps may give {@code "values":[{"cpu":0,"value":V},…]}), the shape of
 * {@code dump --json}'s elements. Blank lines and lines starting with {@code #} are skipped. {@code -} is stdin.
 */
final class BulkFile {
    /** One entry and the line it came from. */
    record Line(int number, Arguments.Pair entry) {}

    /** The entries of a file, in file order. */
    record Entries(String file, List<Line> lines) {
        int size() {
            return lines.size();
        }

        boolean anyRaw() {
            return lines.stream().anyMatch(line -> !line.entry().typed());
        }
    }

    private static final String LINE_FORMS = "each line is KEY VALUE (e.g. int:1 int:100, or typed on a map with "
            + "BTF: cat 0) or, on a map with BTF, a JSON line {\"key\":K,\"value\":V}";

    private BulkFile() {}

    /** The entries of {@code text}, the content of {@code file}, for {@code map}. */
    static Entries parse(String text, String file, MapInfo map) {
        List<Line> lines = new ArrayList<>();
        List<String> textLines = text.lines().toList();
        for (int number = 1; number <= textLines.size(); number++) {
            String content = textLines.get(number - 1).strip();
            if (content.isEmpty() || content.startsWith("#")) {
                continue;
            }
            try {
                lines.add(new Line(number, content.startsWith("{") ? jsonLine(content, map) : keyValue(content, map)));
            } catch (CliException e) {
                throw new CliException(e.exitCode(), file + " line " + number + ": " + e.getMessage(),
                        LINE_FORMS + (e.hint() == null ? "" : "; " + e.hint()), null, null);
            }
        }
        if (lines.isEmpty()) {
            throw CliException.badInput(file + " has no entries", "write one entry per line: KEY VALUE, or "
                    + "{\"key\":K,\"value\":V} on a map with BTF");
        }
        return new Entries(file, lines);
    }

    private static Arguments.Pair keyValue(String content, MapInfo map) {
        String[] parts = content.split("\\s+");
        if (parts.length != 2) {
            throw CliException.badInput("expected KEY VALUE, found " + parts.length + " fields", null);
        }
        return Arguments.pair(parts[0], parts[1], map);
    }

    private static Arguments.Pair jsonLine(String content, MapInfo map) {
        if (!map.typed()) {
            throw CliException.badInput("a JSON line needs a map with BTF, and " + map.qualifiedName() + " has "
                    + "none", "write KEY VALUE with hex:, int: or str:");
        }
        Object tree;
        try {
            tree = JsonTree.read(content);
        } catch (IllegalArgumentException e) {
            throw CliException.badInput("not a JSON line: " + e.getMessage(), null);
        }
        Map<?, ?> entry = (Map<?, ?>) tree; // it starts with '{'
        String valueName = entry.containsKey("values") ? "values" : "value";
        if (entry.size() != 2 || !entry.containsKey("key") || !entry.containsKey(valueName)) {
            throw CliException.badInput("a JSON line is {\"key\":K,\"value\":V}" + (map.perCpu()
                    ? " or {\"key\":K,\"values\":[{\"cpu\":0,\"value\":V},...]}" : "") + "; found the members "
                    + entry.keySet(), null);
        }
        if (valueName.equals("values") && !map.perCpu()) {
            throw CliException.badInput("\"values\" (one per CPU) is for per-CPU maps; " + map.qualifiedName()
                    + " is a " + map.type() + ": give \"value\"", null);
        }
        return Arguments.typedPair(entry.get("key"), entry.get(valueName));
    }
}
