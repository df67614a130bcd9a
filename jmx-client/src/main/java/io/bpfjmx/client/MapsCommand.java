package io.bpfjmx.client;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "maps", mixinStandardHelpOptions = true,
        description = {"List the objects the agent loaded, their status, and every map with its sizes.",
            "An object that FAILED to load is listed with the reason, and the exit code is 4."},
        footerHeading = "%nExamples:%n", footer = {
            "  bpfjmx maps --pid 4242",
            "  bpfjmx maps --url service:jmx:rmi:///jndi/rmi://db1:9010/jmxrmi \\",
            "      --user ops --password-file ~/.jmx-password",
            "  bpfjmx maps --jolokia http://localhost:8778/jolokia/ --json"})
final class MapsCommand extends TargetCommand {
    @Override
    void run(AgentClient agent) {
        List<ObjectInfo> objects = agent.objects();
        if (objects.isEmpty()) {
            throw new CliException(ExitCode.AGENT_NOT_PRESENT, "the bpfjmx agent is not in this JVM (no io.bpfjmx "
                    + "MBeans)", "load it: bpfjmx attach PID --object FILE.bpf.o");
        }
        output.print(out -> print(objects, out), () -> json(objects));
        List<String> failures = AgentClient.failures(objects);
        if (!failures.isEmpty()) {
            throw new CliException(ExitCode.CANNOT_CONNECT, String.join("; ", failures),
                    AgentClient.FIX_AND_ATTACH_AGAIN);
        }
    }

    private static void print(List<ObjectInfo> objects, PrintWriter out) {
        Table table = new Table("OBJECT", "STATUS", "PATH");
        objects.forEach(o -> table.row(o.name(), o.status(), o.path()));
        table.print(out);
        out.println();
        Table maps = new Table("ID", "OBJECT", "MAP", "TYPE", "KEY", "VALUE", "MAX_ENTRIES", "FLAGS", "NOTES");
        for (ObjectInfo object : objects) {
            for (MapInfo m : object.maps()) {
                maps.row(m.id(), m.object(), m.name(), m.type(), m.keySize() + "B", m.valueSize() + "B",
                        m.maxEntries(), "0x" + Integer.toHexString(m.flags()), notes(m));
            }
        }
        maps.print(out);
    }

    private static String notes(MapInfo map) {
        List<String> notes = new ArrayList<>();
        if (map.perCpu()) {
            notes.add("per-CPU x" + map.possibleCpus() + " (" + map.valueBufferSize() + "B buffer)");
        }
        if (map.readOnly()) {
            notes.add("read-only");
        }
        return String.join(", ", notes);
    }

    private static Object json(List<ObjectInfo> objects) {
        List<Object> list = new ArrayList<>();
        for (ObjectInfo object : objects) {
            List<Object> maps = new ArrayList<>();
            for (MapInfo m : object.maps()) {
                maps.add(Json.object("name", m.name(), "id", m.id(), "type", m.type(), "keySize", m.keySize(),
                        "valueSize", m.valueSize(), "maxEntries", m.maxEntries(), "flags", m.flags(),
                        "perCpu", m.perCpu(), "possibleCpus", m.possibleCpus(),
                        "valueBufferSize", m.valueBufferSize(), "readOnly", m.readOnly()));
            }
            list.add(Json.object("name", object.name(), "path", object.path(), "status", object.status(),
                    "maps", maps));
        }
        return Json.object("objects", list);
    }
}
