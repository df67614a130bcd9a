package io.bpfjmx.client;

import java.util.ArrayList;
import java.util.List;

/**
 * The targets of {@code --targets FILE}, one a line: a PID, a JMX service URL ({@code service:jmx:...}) or a Jolokia
 * URL ({@code http(s)://...}). Blank lines are skipped, and {@code #} starts a comment at the start of a line or
 * after a blank (a {@code #} inside a URL stays). {@code -} is stdin.
 */
final class TargetsFile {
    private TargetsFile() {}

    static List<Target> read(String file) {
        return parse(InputFile.read(file), file);
    }

    static List<Target> parse(String text, String file) {
        List<Target> targets = new ArrayList<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String content = lines.get(i).replaceFirst("(^|\\s)#.*", "").strip();
            if (!content.isEmpty()) {
                targets.add(Target.parse(content, "--targets " + file + " line " + (i + 1) + ":"));
            }
        }
        if (targets.isEmpty()) {
            throw CliException.badInput("--targets " + file + " lists no targets", "write one target a line: a PID, "
                    + "a JMX service URL or a Jolokia URL");
        }
        return targets;
    }
}
