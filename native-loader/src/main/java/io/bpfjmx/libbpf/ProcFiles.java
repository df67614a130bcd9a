package io.bpfjmx.libbpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What {@link SystemBpf} reads of {@code /proc}: where BPF file systems are mounted, and the time since boot. */
final class ProcFiles {
    /** How {@code /proc/self/mounts} writes a space, tab, newline or backslash inside a path: {@code \040}. */
    private static final Pattern OCTAL_ESCAPE = Pattern.compile("\\\\([0-7]{3})");

    private ProcFiles() {}

    /** The mount points of type {@code bpf}, in mount order, each once. */
    static List<Path> bpfMounts() {
        List<Path> mounts = new ArrayList<>();
        for (String line : lines("/proc/self/mounts")) {
            String[] fields = line.split(" ");
            // device, mount point, type, options, dump, pass
            if (fields.length > 2 && fields[2].equals("bpf")) {
                Path mount = Path.of(unescape(fields[1]));
                if (!mounts.contains(mount)) {
                    mounts.add(mount);
                }
            }
        }
        return mounts;
    }

    /** Milliseconds since boot, suspend included ({@code CLOCK_BOOTTIME}), from {@code /proc/uptime}. */
    static long uptimeMillis() {
        String seconds = lines("/proc/uptime").get(0).split(" ")[0];
        return Math.round(Double.parseDouble(seconds) * 1000);
    }

    private static String unescape(String path) {
        Matcher escape = OCTAL_ESCAPE.matcher(path);
        StringBuilder plain = new StringBuilder();
        while (escape.find()) {
            escape.appendReplacement(plain, Matcher.quoteReplacement(
                    String.valueOf((char) Integer.parseInt(escape.group(1), 8))));
        }
        return escape.appendTail(plain).toString();
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
