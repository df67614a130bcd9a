package io.bpfjmx.agent;

import io.bpfjmx.libbpf.BpfMap;
import io.bpfjmx.libbpf.EntryPage;
import io.bpfjmx.libbpf.BpfProgram;
import io.bpfjmx.libbpf.MapEntry;
import io.bpfjmx.libbpf.ValueLayout;
import java.util.List;
import javax.management.openmbean.ArrayType;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;

/** The tables the MBeans return, in JMX open types only, so any client renders them without our classes. */
final class OpenTypes {
    private static final String[] MAP_ITEMS = {"name", "type", "keySize", "valueSize", "maxEntries", "perCpu",
        "valueBufferSize", "flags", "readOnly", "id"};
    private static final String[] PROGRAM_ITEMS = {"name", "section", "attachState", "attachError"};
    private static final String[] ENTRY_ITEMS = {"key", "value", "cpuValues"};
    /** Two arrays, not a table of rows: a page of 100,000 entries crosses JMX as two arrays of strings. */
    private static final String[] PAGE_ITEMS = {"keys", "values", "next"};
    private static final String[] MUTATION_ITEMS = {"principal", "object", "map", "operation", "keys", "values",
        "valuesOmitted", "flags", "applied", "outcome", "reason"};

    static final TabularType MAPS;
    static final TabularType PROGRAMS;
    static final TabularType ENTRIES;
    static final CompositeType MUTATION;
    static final CompositeType PAGE;

    static {
        try {
            CompositeType map = new CompositeType("BpfMapInfo", "A map of the object", MAP_ITEMS, new String[] {
                "map name", "map type (kernel enum bpf_map_type name)", "key size in bytes",
                "value size in bytes (one CPU's value for per-CPU maps)", "maximum number of entries",
                "whether values are kept per possible CPU", "bytes of a whole value buffer: round_up(valueSize, 8) "
                    + "× possible CPUs for per-CPU maps, else valueSize", "map creation flags",
                "whether user space may not write it (frozen .rodata, BPF_F_RDONLY)", "kernel map id"},
                new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING, SimpleType.INTEGER, SimpleType.INTEGER,
                    SimpleType.INTEGER, SimpleType.BOOLEAN, SimpleType.INTEGER, SimpleType.INTEGER,
                    SimpleType.BOOLEAN, SimpleType.INTEGER});
            MAPS = new TabularType("BpfMaps", "The object's maps", map, new String[] {"name"});
            CompositeType program = new CompositeType("BpfProgramInfo", "A program of the object", PROGRAM_ITEMS,
                new String[] {"program name", "ELF section: where libbpf attaches it",
                    "DETACHED, ATTACHED, MANUAL_ATTACH_ONLY or FAILED", "why attaching failed, if it did"},
                new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING});
            PROGRAMS = new TabularType("BpfPrograms", "The object's programs", program, new String[] {"name"});
            CompositeType entry = new CompositeType("BpfMapEntry", "A key and its value", ENTRY_ITEMS,
                new String[] {"key as hex", "value buffer as hex (every CPU's slot for per-CPU maps)",
                    "each possible CPU's value as hex, padding dropped (per-CPU maps; else one value)"},
                new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING, ArrayType.getArrayType(SimpleType.STRING)});
            ENTRIES = new TabularType("BpfMapEntries", "Entries of a map", entry, new String[] {"key"});
            PAGE = new CompositeType("BpfMapPage", "One page of a map's entries and where the next starts",
                PAGE_ITEMS, new String[] {"the page's keys as hex",
                    "the value buffer under each key, in the same order, as hex (per-CPU maps: every possible CPU's "
                        + "slot, round_up(valueSize, 8) bytes each, as lookupElem gives it)",
                    "the cursor of the next page (hex) to give dumpFrom; null after the last page"},
                new OpenType<?>[] {ArrayType.getArrayType(SimpleType.STRING), ArrayType.getArrayType(SimpleType.STRING),
                    SimpleType.STRING});
            MUTATION = new CompositeType("BpfMapMutation", "A write to a map, as the audit records it", MUTATION_ITEMS,
                new String[] {"the caller's principal names, or (none) without an authenticated subject",
                    "object name", "map name as the caller gave it", "update, delete or update_batch",
                    "keys as the caller gave them (each cut after " + Audit.MAX_TEXT + " characters; of a batch, the "
                        + "first " + Audit.MAX_LISTED + " and then ...(N more))",
                    "values as the caller gave them, cut as the keys (none for a delete)",
                    "whether values were left out (agent option auditValues=false)",
                    "update flags (null for a delete)",
                    "of a batch, the elements written (all on success, as far as the kernel got when it failed); "
                        + "null for a single update or delete",
                    "success, rejected or failed", "none, the rule that refused the input, or the errno name"},
                new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING,
                    ArrayType.getArrayType(SimpleType.STRING), ArrayType.getArrayType(SimpleType.STRING),
                    SimpleType.BOOLEAN, SimpleType.LONG, SimpleType.INTEGER, SimpleType.STRING, SimpleType.STRING});
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private OpenTypes() {}

    static TabularDataSupport maps(List<BpfMap> maps) {
        TabularDataSupport table = new TabularDataSupport(MAPS);
        for (BpfMap map : maps) {
            table.put(composite(MAPS.getRowType(), MAP_ITEMS, map.name(), map.type().name(), map.keySize(),
                    map.valueSize(), map.maxEntries(), map.isPerCpu(), map.layout().bufferSize(), map.flags(),
                    map.isReadOnly(), map.id()));
        }
        return table;
    }

    static TabularDataSupport programs(List<BpfProgram> programs) {
        TabularDataSupport table = new TabularDataSupport(PROGRAMS);
        for (BpfProgram program : programs) {
            table.put(composite(PROGRAMS.getRowType(), PROGRAM_ITEMS, program.name(), program.section(),
                    program.attachState().name(), program.attachError()));
        }
        return table;
    }

    static TabularDataSupport entries(ValueLayout layout, List<MapEntry> entries) {
        TabularDataSupport table = new TabularDataSupport(ENTRIES);
        for (MapEntry entry : entries) {
            String[] cpuValues = layout.perCpuValues(entry.value()).stream().map(Hex::format).toArray(String[]::new);
            table.put(composite(ENTRIES.getRowType(), ENTRY_ITEMS, Hex.format(entry.key()), Hex.format(entry.value()),
                    cpuValues));
        }
        return table;
    }

    /** One page of a paged dump: its keys and values as hex, and the next page's cursor (null after the last). */
    static CompositeDataSupport page(EntryPage page) {
        String[] keys = new String[page.size()];
        String[] values = new String[keys.length];
        // the page's bytes read in place: no copy of them, no text but the Strings (one reader for all, not one a call)
        EntryPage.Bytes<String> hex = new Hex.Formatter()::format;
        for (int i = 0; i < keys.length; i++) {
            keys[i] = page.key(i, hex);
            values[i] = page.value(i, hex);
        }
        return composite(PAGE, PAGE_ITEMS, keys, values, page.next() == null ? null : Hex.format(page.next()));
    }

    static CompositeDataSupport mutation(String principal, String object, String map, Mutation mutation,
                                         boolean includeValues, String outcome, String reason) {
        String[] values = includeValues ? mutation.values().toArray(String[]::new) : new String[0];
        return composite(MUTATION, MUTATION_ITEMS, principal, object, map, mutation.kind().tag(),
                mutation.keys().toArray(String[]::new), values, !includeValues, mutation.flags(),
                mutation.applied() == null ? null : mutation.applied().written(), outcome, reason);
    }

    private static CompositeDataSupport composite(CompositeType type, String[] items, Object... values) {
        try {
            return new CompositeDataSupport(type, items, values);
        } catch (OpenDataException e) {
            throw new IllegalStateException("bpfjmx built a row that does not fit its own type " + type.getTypeName(),
                    e);
        }
    }
}
