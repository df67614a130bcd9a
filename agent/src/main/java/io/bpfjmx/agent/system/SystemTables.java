package io.bpfjmx.agent.system;

import io.bpfjmx.libbpf.MapType;
import io.bpfjmx.libbpf.ProgramType;
import io.bpfjmx.libbpf.SystemBpf;
import io.bpfjmx.libbpf.SystemMap;
import io.bpfjmx.libbpf.SystemProgram;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.openmbean.ArrayType;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;

/** The BpfSystem MBean's tables, in JMX open types only, indexed by kernel id. */
final class SystemTables {
    private static final String[] MAP_ITEMS = {"id", "name", "type", "keySize", "valueSize", "maxEntries", "flags",
        "btfId", "pins", "programIds"};
    private static final String[] PROGRAM_ITEMS = {"id", "name", "type", "tag", "loadedAt", "uid", "btfId", "mapIds",
        "pins"};
    static final TabularType MAPS;
    static final TabularType PROGRAMS;

    static {
        try {
            OpenType<?> ids = ArrayType.getArrayType(SimpleType.INTEGER);
            OpenType<?> paths = ArrayType.getArrayType(SimpleType.STRING);
            CompositeType map = new CompositeType("BpfSystemMap", "A map of the host", MAP_ITEMS, new String[] {
                "kernel map id", "kernel name (at most 15 characters)",
                "map type (kernel enum bpf_map_type name; UNKNOWN(n) for a type newer than bpfjmx)",
                "key size in bytes", "value size in bytes", "maximum number of entries", "map creation flags",
                "id of the BTF the map was created with, 0 without", "where it is pinned on the BPF file systems",
                "ids of the programs that use it"},
                new OpenType<?>[] {SimpleType.INTEGER, SimpleType.STRING, SimpleType.STRING, SimpleType.INTEGER,
                    SimpleType.INTEGER, SimpleType.INTEGER, SimpleType.INTEGER, SimpleType.INTEGER, paths, ids});
            MAPS = new TabularType("BpfSystemMaps", "Every map of the host", map, new String[] {"id"});
            CompositeType program = new CompositeType("BpfSystemProgram", "A program of the host", PROGRAM_ITEMS,
                new String[] {"kernel program id", "kernel name (at most 15 characters)",
                    "program type (bpftool's name in upper case; UNKNOWN(n) for a type newer than bpfjmx)",
                    "hash of its instructions, as bpftool prints it",
                    "when it was loaded (UTC, to the second)", "id of the user that loaded it",
                    "id of its BTF, 0 without", "ids of the maps it uses",
                    "where it is pinned on the BPF file systems"},
                new OpenType<?>[] {SimpleType.INTEGER, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING,
                    SimpleType.STRING, SimpleType.INTEGER, SimpleType.INTEGER, ids, paths});
            PROGRAMS = new TabularType("BpfSystemPrograms", "Every program of the host", program,
                    new String[] {"id"});
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private SystemTables() {}

    static TabularDataSupport maps(Snapshot snapshot) {
        Map<Integer, List<Integer>> users = new HashMap<>();
        for (SystemProgram program : snapshot.programs()) {
            for (int mapId : program.mapIds()) {
                users.computeIfAbsent(mapId, id -> new ArrayList<>()).add(program.id());
            }
        }
        TabularDataSupport table = new TabularDataSupport(MAPS);
        for (SystemMap map : snapshot.maps()) {
            table.put(row(MAPS.getRowType(), MAP_ITEMS, map.id(), map.name(),
                    typeName(map.type(), MapType.UNKNOWN, map.typeNumber()), map.keySize(), map.valueSize(),
                    map.maxEntries(), map.flags(), map.btfId(),
                    snapshot.pins().ofMap(map.id()).toArray(String[]::new),
                    users.getOrDefault(map.id(), List.of()).toArray(Integer[]::new)));
        }
        return table;
    }

    static TabularDataSupport programs(Snapshot snapshot) {
        TabularDataSupport table = new TabularDataSupport(PROGRAMS);
        for (SystemProgram program : snapshot.programs()) {
            table.put(row(PROGRAMS.getRowType(), PROGRAM_ITEMS, program.id(), program.name(),
                    typeName(program.type(), ProgramType.UNKNOWN, program.typeNumber()), program.tag(),
                    SystemBpf.wallClock(program.loadTimeNanos()).truncatedTo(ChronoUnit.SECONDS).toString(),
                    program.uid(), program.btfId(), program.mapIds().toArray(Integer[]::new),
                    snapshot.pins().ofProgram(program.id()).toArray(String[]::new)));
        }
        return table;
    }

    private static String typeName(Enum<?> type, Enum<?> unknown, int number) {
        return type == unknown ? unknown.name() + "(" + number + ")" : type.name();
    }

    private static CompositeDataSupport row(CompositeType type, String[] items, Object... values) {
        try {
            return new CompositeDataSupport(type, items, values);
        } catch (OpenDataException e) {
            throw new IllegalStateException("bpfjmx built a row that does not fit its own type " + type.getTypeName(),
                    e);
        }
    }
}
