package io.bpfjmx.agent.options;

import io.bpfjmx.libbpf.BpfMap;
import java.util.Set;

/**
 * How a map name given by the operator ({@code writableMaps}, or a role's {@code maps=} in the JMX access file)
 * names a map: exactly as the {@code Maps} attribute shows it, or by a global's section ({@code .data},
 * {@code .bss}, {@code .rodata}) for {@code <object>.data} and friends. Never by the kernel's name, which keeps only
 * 15 characters: with {@code connection_stats} declared before {@code connection_stat}, both are
 * {@code connection_stat} to the kernel, and a rule must not pick the wrong one.
 */
public final class MapNames {
    private static final Set<String> GLOBAL_SECTIONS = Set.of(".data", ".bss", ".rodata");

    private MapNames() {}

    /** Whether {@code given} names the map called {@code mapName}: {@code .bss} names {@code fixtures.bss}. */
    public static boolean names(String given, String mapName) {
        return BpfMap.answersTo(mapName, given);
    }

    /** Whether {@code name} is a global's section, {@code .data}, {@code .bss} or {@code .rodata}. */
    public static boolean isGlobalSection(String name) {
        return GLOBAL_SECTIONS.contains(name);
    }
}
