package io.bpfjmx.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * The bpfjmx agent in one JVM, seen only through its JMX interface ({@code io.bpfjmx:type=BpfObject,name=...} and
 * {@code io.bpfjmx:type=BpfMap,object=...,name=...}): its objects, and a map found by name.
 */
final class AgentClient {
    private static final ObjectName OBJECTS = name("io.bpfjmx:type=BpfObject,*");
    private static final ObjectName MAPS = name("io.bpfjmx:type=BpfMap,*");

    /** What to do about a FAILED object. */
    static final String FIX_AND_ATTACH_AGAIN = "see the target JVM's log, fix the cause and attach again (bpfjmx "
            + "attach PID --object FILE loads a FAILED object again), or invoke reload on its MBean";

    private final MBeanServerConnection mbeans;

    AgentClient(MBeanServerConnection mbeans) {
        this.mbeans = mbeans;
    }

    /**
     * Every object the agent manages, by name; empty when the agent is not in this JVM. Maps and possible CPUs are
     * read only of READY objects: of the others, the agent cannot tell them (no libbpf, say) and the status says why.
     */
    List<ObjectInfo> objects() {
        return AgentErrors.call(() -> {
            List<ObjectInfo> objects = new ArrayList<>();
            for (ObjectName name : mbeans.queryNames(OBJECTS, null)) {
                Map<String, Object> attributes = attributes(name, "Name", "Path", "Status");
                String object = (String) attributes.get("Name");
                String status = (String) attributes.get("Status");
                List<MapInfo> maps = new ArrayList<>();
                if (status.startsWith("READY")) {
                    int cpus = MapInfo.number(mbeans.getAttribute(name, "PossibleCpus"));
                    for (CompositeData row : OpenRows.of((TabularData) mbeans.getAttribute(name, "Maps"))) {
                        maps.add(MapInfo.of(object, row, cpus));
                    }
                    maps.sort(Comparator.comparing(MapInfo::name));
                }
                objects.add(new ObjectInfo(object, (String) attributes.get("Path"), status, maps));
            }
            objects.sort(Comparator.comparing(ObjectInfo::name));
            return objects;
        });
    }

    /**
     * Why the objects that FAILED failed, one {@code object 'x' is FAILED: why} each (first lines), or an empty list.
     */
    static List<String> failures(List<ObjectInfo> objects) {
        return objects.stream().filter(o -> o.status().startsWith("FAILED")).map(AgentClient::failure)
                .collect(Collectors.toList());
    }

    /** {@code object 'x' is <status>}, the status's first line (a verifier's log follows it). */
    static String failure(ObjectInfo object) {
        return "object '" + object.name() + "' is " + object.status().lines().findFirst().orElse("");
    }

    /**
     * The map {@code spec} names: {@code map}, or {@code object/map} when several objects have a map of that name.
     *
     * @throws CliException AGENT_NOT_PRESENT when there is no agent or the object is not loaded, BAD_INPUT when no
     *         such map is loaded
     */
    RemoteMap map(String spec) {
        int slash = spec.indexOf('/');
        String object = slash > 0 ? spec.substring(0, slash) : null;
        String map = slash > 0 ? spec.substring(slash + 1) : spec;
        List<ObjectName> found = AgentErrors.call(() -> mbeans.queryNames(MAPS, null)).stream()
                .filter(name -> map.equals(property(name, "name")))
                .filter(name -> object == null || object.equals(property(name, "object")))
                .sorted()
                .collect(Collectors.toList());
        if (found.size() > 1) {
            throw CliException.badInput("map '" + map + "' is in several objects: " + found.stream()
                    .map(name -> property(name, "object") + "/" + map).collect(Collectors.joining(", ")),
                    "name one of them as OBJECT/MAP");
        }
        if (found.isEmpty()) {
            throw notFound(spec, object);
        }
        ObjectName mapName = found.get(0);
        MapInfo info = MapInfo.of(AgentErrors.call(() -> attributes(mapName, MapInfo.ATTRIBUTES,
                MapInfo.OPTIONAL_ATTRIBUTES)));
        return new RemoteMap(mbeans, mapName, objectOf(mapName), info);
    }

    /**
     * Why no map answers to {@code spec}: no agent; the named object, or every object, not loaded (yet); or a name
     * that is not there, said with the maps that are.
     */
    private CliException notFound(String spec, String object) {
        List<ObjectInfo> objects = objects();
        if (objects.isEmpty()) {
            return new CliException(ExitCode.AGENT_NOT_PRESENT, "the bpfjmx agent is not in this JVM (no io.bpfjmx "
                    + "MBeans)", "load it: bpfjmx attach PID --object FILE.bpf.o, or start the JVM with "
                    + "-javaagent:bpfjmx-agent.jar=object=FILE.bpf.o");
        }
        List<ObjectInfo> notLoaded = objects.stream().filter(o -> !o.isReady())
                .filter(o -> object == null || object.equals(o.name())).collect(Collectors.toList());
        if (!notLoaded.isEmpty() && (object != null || notLoaded.size() == objects.size())) {
            ObjectInfo o = notLoaded.get(0);
            return new CliException(ExitCode.AGENT_NOT_PRESENT, "object '" + o.name() + "' is not loaded: "
                    + o.status(), o.status().equals("LOADING") ? "wait a moment and retry"
                    : FIX_AND_ATTACH_AGAIN);
        }
        String known = objects.stream().flatMap(o -> o.maps().stream()).map(MapInfo::qualifiedName)
                .collect(Collectors.joining(", "));
        String failed = notLoaded.stream().map(o -> "; object '" + o.name() + "' is not loaded: " + o.status())
                .collect(Collectors.joining());
        return CliException.badInput("no map '" + spec + "' is loaded; the maps are: " + known + failed,
                "bpfjmx maps lists them with their sizes");
    }

    private Map<String, Object> attributes(ObjectName name, String... names) throws JMException, IOException {
        return attributes(name, names, new String[0]);
    }

    /** The attributes {@code names}, all required, and those of {@code optional} that the MBean has. */
    private Map<String, Object> attributes(ObjectName name, String[] names, String[] optional)
            throws JMException, IOException {
        List<String> all = new ArrayList<>(List.of(names));
        all.addAll(List.of(optional));
        AttributeList list = mbeans.getAttributes(name, all.toArray(String[]::new));
        Map<String, Object> values = new HashMap<>();
        for (Attribute attribute : list.asList()) {
            values.put(attribute.getName(), attribute.getValue());
        }
        Set<String> missing = new TreeSet<>(List.of(names));
        missing.removeAll(values.keySet());
        if (!missing.isEmpty()) {
            throw new CliException(ExitCode.FAILURE, name + " lacks the attributes " + missing
                    + ": is this bpfjmx agent of another version than this client?", null);
        }
        return values;
    }

    /** The {@code io.bpfjmx:type=BpfObject} MBean that holds the map of {@code mapName}. */
    private static ObjectName objectOf(ObjectName mapName) {
        return name("io.bpfjmx:type=BpfObject,name=" + mapName.getKeyProperty("object")); // quoted as it was
    }

    private static String property(ObjectName name, String key) {
        String value = name.getKeyProperty(key);
        return value != null && value.startsWith("\"") ? ObjectName.unquote(value) : value;
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
