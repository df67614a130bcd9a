package io.bpfjmx.agent.remote;

import io.bpfjmx.agent.options.MapNames;
import java.util.Arrays;
import java.util.List;

/**
 * A role of bpfjmx's own JMX connector, as a line of the access file gives it: {@code read} (attributes,
 * notifications, and the operations of impact INFO: lookups, dumps, next key, peek), {@code write} (every
 * operation too), or {@code write maps=<map>:<map>} (the operations that change only the maps it names, by the
 * rule of {@link MapNames}).
 *
 * @param writes whether the role may invoke operations that change something
 * @param maps   the maps a {@code write} role is limited to, or null for every map and the object's own operations
 */
record Role(boolean writes, List<String> maps) {
    static final Role READ = new Role(false, null);
    static final Role WRITE = new Role(true, null);
    private static final String MAPS = "maps=";

    /** @throws IllegalArgumentException naming what was given and the roles there are */
    static Role parse(String text) {
        String[] words = text.strip().split("\\s+");
        if (words.length == 1 && words[0].equals("read")) {
            return READ;
        }
        if (words.length == 1 && words[0].equals("write")) {
            return WRITE;
        }
        if (words.length == 2 && words[0].equals("write") && words[1].startsWith(MAPS)) {
            List<String> maps = Arrays.stream(words[1].substring(MAPS.length()).split(":")).map(String::strip)
                    .filter(name -> !name.isEmpty()).toList();
            if (!maps.isEmpty()) {
                return new Role(true, maps);
            }
        }
        throw new IllegalArgumentException("the role '" + text.strip() + "' is not one of read, write, or write "
                + "maps=<map>:<map> (map names as the Maps attribute shows them, or .data/.bss/.rodata)");
    }

    /** Whether the role may invoke an operation that changes the map called {@code mapName}. */
    boolean mayChange(String mapName) {
        return writes && (maps == null || maps.stream().anyMatch(given -> MapNames.names(given, mapName)));
    }

    /** Whether the role may invoke an operation that changes something other than one named map. */
    boolean mayChangeAnything() {
        return writes && maps == null;
    }

    /** As the access file writes it. */
    @Override
    public String toString() {
        return !writes ? "read" : maps == null ? "write" : "write " + MAPS + String.join(":", maps);
    }
}
