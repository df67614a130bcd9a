package io.bpfjmx.libbpf.testing;

import io.bpfjmx.libbpf.btf.JsonTree;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps as the kernel shows them to {@code bpftool} (Debian package {@code bpftool}), by kernel map id: a reading
 * independent of bpfjmx, for checking what bpfjmx wrote or left alone.
 */
public final class Bpftool {
    /** One element of a map that is not per-CPU in {@code bpftool -j map dump}: key and value as "0x.." bytes. */
    private static final Pattern ELEMENT = Pattern.compile("\"key\":\\[([^\\]]*)\\],\"value\":\\[([^\\]]*)\\]");

    private Bpftool() {}

    /** {@code bpftool -j map dump id <id>} of every map, in one bpftool process: the JSON as bpftool prints it. */
    public static String dump(Collection<Integer> mapIds) throws IOException, InterruptedException {
        StringBuilder commands = new StringBuilder();
        for (int id : mapIds) {
            commands.append("map dump id ").append(id).append('\n');
        }
        return run(commands.toString(), "-j", "batch", "file", "-");
    }

    /**
     * {@code bpftool -j map dump id <id>}: for each element its raw bytes and, where the map has BTF, bpftool's
     * {@code formatted} key and value(s).
     */
    public static String dump(int mapId) throws IOException, InterruptedException {
        return run("", "-j", "map", "dump", "id", Integer.toString(mapId));
    }

    /**
     * bpftool's {@code formatted} member (its decoding by the map's BTF) of the element whose formatted key equals
     * {@code keyJson} as JSON. bpftool cannot print a float: it writes {@code (unsupported-kind} and ends the struct
     * there, so a member named {@code ratio} (types.bpf.o's first float) is cut out to keep the JSON readable.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> formatted(int mapId, String keyJson) throws IOException, InterruptedException {
        Object key = JsonTree.read(keyJson);
        String dump = dump(mapId).replace(",\"ratio\":(unsupported-kind", "");
        for (Object element : (List<Object>) JsonTree.read(dump)) {
            Map<String, Object> formatted = (Map<String, Object>) ((Map<String, Object>) element).get("formatted");
            if (formatted.get("key").equals(key)) {
                return formatted;
            }
        }
        throw new AssertionError("bpftool shows no element with key " + keyJson + " in map id " + mapId);
    }

    /** The elements of a map that is not per-CPU: key → value, both as lower-case hex without separators. */
    public static Map<String, String> entries(int mapId) throws IOException, InterruptedException {
        Map<String, String> entries = new LinkedHashMap<>();
        Matcher element = ELEMENT.matcher(run("", "-j", "map", "dump", "id", Integer.toString(mapId)));
        while (element.find()) {
            entries.put(hex(element.group(1)), hex(element.group(2)));
        }
        return entries;
    }

    /**
     * The value bytes of {@code bpftool -j map <command> id <id>} for the keyless maps' {@code peek} and {@code pop},
     * as lower-case hex; empty when the map is empty (bpftool then prints {@code null} and fails).
     */
    public static String keylessValue(String command, int mapId) throws IOException, InterruptedException {
        String output;
        try {
            output = run("", "-j", "map", command, "id", Integer.toString(mapId));
        } catch (IllegalStateException e) {
            if (e.getMessage().strip().endsWith("null")) {
                return "";
            }
            throw e;
        }
        Matcher value = Pattern.compile("\"value\":\\[([^\\]]*)\\]").matcher(output);
        if (!value.find()) {
            throw new IllegalStateException("bpftool map " + command + " id " + mapId + " printed no value: " + output);
        }
        return hex(value.group(1));
    }

    /** {@code bpftool map push id <id> value <bytes>}: a value pushed by another program than bpfjmx. */
    public static void push(int mapId, byte[] value) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("map", "push", "id", Integer.toString(mapId),
                "value"));
        for (byte b : value) {
            command.add(Integer.toString(b & 0xff));
        }
        run("", command.toArray(String[]::new));
    }

    /** The id of the loaded program that uses map {@code mapId} ({@code map_ids} of {@code bpftool -j prog show}). */
    @SuppressWarnings("unchecked")
    public static int programUsing(int mapId) throws IOException, InterruptedException {
        for (Object program : (List<Object>) JsonTree.read(run("", "-j", "prog", "show"))) {
            Map<String, Object> info = (Map<String, Object>) program;
            List<Object> maps = (List<Object>) info.getOrDefault("map_ids", List.of());
            if (maps.stream().anyMatch(id -> ((Number) id).intValue() == mapId)) {
                return ((Number) info.get("id")).intValue();
            }
        }
        throw new AssertionError("bpftool shows no program using map id " + mapId);
    }

    /** {@code bpftool cgroup attach|detach <cgroup> <attachType> id <programId>}. */
    public static void cgroup(String command, Path cgroup, String attachType, int programId)
            throws IOException, InterruptedException {
        run("", "cgroup", command, cgroup.toString(), attachType, "id", Integer.toString(programId));
    }

    /** {@code bpftool prog pin id <id> <pin>}: a program pinned by another program than bpfjmx. */
    public static void pinProgram(int programId, Path pin) throws IOException, InterruptedException {
        run("", "prog", "pin", "id", Integer.toString(programId), pin.toString());
    }

    /**
     * {@code bpftool map create <pin> type <type> key <keySize> value <valueSize> entries <maxEntries> name <name>}:
     * a map pinned by another program than bpfjmx.
     */
    public static void createPinnedMap(Path pin, String type, int keySize, int valueSize, int maxEntries, String name)
            throws IOException, InterruptedException {
        createPinnedMap(pin, type, keySize, valueSize, maxEntries, name, 0);
    }

    /** {@link #createPinnedMap(Path, String, int, int, int, String)} with map {@code flags} (e.g. 1, no prealloc). */
    public static void createPinnedMap(Path pin, String type, int keySize, int valueSize, int maxEntries, String name,
                                       int flags) throws IOException, InterruptedException {
        run("", "map", "create", pin.toString(), "type", type, "key", Integer.toString(keySize), "value",
                Integer.toString(valueSize), "entries", Integer.toString(maxEntries), "name", name, "flags",
                Integer.toString(flags));
    }

    /** The kernel id of the map pinned at {@code pin}, from {@code bpftool -j map show pinned <pin>}. */
    @SuppressWarnings("unchecked")
    public static int pinnedMapId(Path pin) throws IOException, InterruptedException {
        Map<String, Object> map = (Map<String, Object>) JsonTree.read(run("", "-j", "map", "show", "pinned",
                pin.toString()));
        return ((Number) map.get("id")).intValue();
    }

    /**
     * {@code bpftool prog loadall <object> <programs> pinmaps <maps>}: an object loaded by another program than
     * bpfjmx, as a C loader would, its programs pinned in one folder and its maps in another (both made by bpftool;
     * their parent must exist).
     */
    public static void loadAll(Path object, Path programs, Path maps) throws IOException, InterruptedException {
        run("", "prog", "loadall", object.toString(), programs.toString(), "pinmaps", maps.toString());
    }

    /** {@code bpftool prog pin pinned <pinned> <pin>}: the program pinned at {@code pinned} pinned once more. */
    public static void pinProgram(Path pinned, Path pin) throws IOException, InterruptedException {
        run("", "prog", "pin", "pinned", pinned.toString(), pin.toString());
    }

    /**
     * {@code bpftool -j -f <map|prog> show id <id>}: bpftool's view of one map or program, its pins ({@code pinned})
     * included.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> show(String kind, int id) throws IOException, InterruptedException {
        return (Map<String, Object>) JsonTree.read(run("", "-j", "-f", kind, "show", "id", Integer.toString(id)));
    }

    /** {@code "0x01","0x00"} → {@code 0100}. */
    private static String hex(String bytes) {
        return bytes.replaceAll("[\",\\s]|0x", "");
    }

    private static String run(String input, String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "bpftool";
        System.arraycopy(args, 0, command, 1, args.length);
        Process bpftool = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = bpftool.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(bpftool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!bpftool.waitFor(30, TimeUnit.SECONDS) || bpftool.exitValue() != 0) {
            throw new IllegalStateException("bpftool " + String.join(" ", args)
                    + " failed (install Debian's bpftool):\n" + output);
        }
        return output;
    }
}
