package io.bpfjmx.agent.options;

import java.nio.file.Path;
import java.util.Locale;

/**
 * One map the JVM did not load, as the agent option {@code map} names it, the way bpftool names maps:
 * {@code pinned:<path>} (a pin on a BPF file system, or a folder of pins: every map pinned directly in it),
 * {@code id:<N>} (the kernel's id, as {@code bpftool map show} lists it) or {@code name:<name>} (the kernel's name, at
 * most 15 characters; exactly one map of the host may have it).
 *
 * @param kind  how the map is named; its name in lower case is the {@code object} key of the map's MBean
 * @param value the path, id or name, as given
 */
public record MapSpec(Kind kind, String value) {
    /** Kernel names keep 15 characters ({@code BPF_OBJ_NAME_LEN} with its NUL). */
    public static final int MAX_KERNEL_NAME = 15;

    /** How a map is named. */
    public enum Kind {
        PINNED, ID, NAME;

        /** {@code pinned}, {@code id} or {@code name}: the prefix of the option's value, and the MBeans' object key. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @throws IllegalArgumentException naming the option, what was given and what is expected
     */
    public static MapSpec parse(String option, String text) {
        int colon = text.indexOf(':');
        String prefix = colon < 0 ? "" : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1).strip();
        for (Kind kind : Kind.values()) {
            if (kind.key().equals(prefix)) {
                MapSpec spec = new MapSpec(kind, value);
                spec.check(option, text);
                return spec;
            }
        }
        throw new IllegalArgumentException("agent option '" + option + "' is '" + text + "'; expected pinned:<path>, "
                + "id:<N> or name:<kernel name>, e.g. " + option + "=pinned:/sys/fs/bpf/my_map");
    }

    private void check(String option, String text) {
        String refused = "agent option '" + option + "' is '" + text + "'; ";
        switch (kind) {
            case PINNED -> {
                if (!Path.of(value).isAbsolute()) {
                    throw new IllegalArgumentException(refused + "expected the absolute path of a pin or a folder of "
                            + "pins on a BPF file system, e.g. " + option + "=pinned:/sys/fs/bpf/my_map");
                }
            }
            case ID -> checkId(refused);
            case NAME -> {
                if (value.isEmpty() || !value.matches("[A-Za-z0-9_.]+")) {
                    throw new IllegalArgumentException(refused + "expected a map's kernel name: letters, digits, _ "
                            + "and . only, as bpftool map show lists it");
                }
                if (value.length() > MAX_KERNEL_NAME) {
                    throw new IllegalArgumentException(refused + "the kernel keeps " + MAX_KERNEL_NAME
                            + " characters of a map's name: write name:" + value.substring(0, MAX_KERNEL_NAME));
                }
            }
        }
    }

    private void checkId(String refused) {
        try {
            if (Integer.parseUnsignedInt(value) != 0) {
                return;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(refused + "expected a kernel map id from 1 to 4294967295, as bpftool map "
                + "show lists them");
    }

    /** The pin or folder of {@code pinned:}. */
    public Path path() {
        return Path.of(value);
    }

    /** The kernel id of {@code id:} (an unsigned 32-bit number, in an int). */
    public int id() {
        return Integer.parseUnsignedInt(value);
    }

    /** {@code pinned:/sys/fs/bpf/x}, as given in the option. */
    @Override
    public String toString() {
        return kind.key() + ":" + value;
    }
}
