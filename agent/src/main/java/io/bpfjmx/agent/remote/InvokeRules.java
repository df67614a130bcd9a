package io.bpfjmx.agent.remote;

import java.util.List;
import javax.management.MBeanOperationInfo;
import javax.management.ObjectName;

/**
 * Which operations a {@link Role} may invoke. The operation's impact, as the MBean itself declares it in its
 * MBeanInfo, decides: INFO (lookups, dumps, next key, peek) is a read, open to every role; anything else (ACTION,
 * ACTION_INFO, UNKNOWN) changes something and needs a write role. A role limited to maps may invoke it only when
 * it acts on one of its maps, which the caller settles as a {@link Target}.
 */
final class InvokeRules {
    /** What a changing operation acts on. */
    sealed interface Target {
        /** The map of this name, as its MBean and the {@code Maps} attribute name it. */
        record OneMap(String name) implements Target {}

        /** A map name given to an object's operation that names none of the object's maps exactly. */
        record UnknownMap(String given, List<String> maps) implements Target {}

        /** The whole MBean (an object's {@code reload}), not one map. */
        record WholeMBean() implements Target {}
    }

    private InvokeRules() {}

    /**
     * Why {@code user}, of {@code role} in {@code access}, may not invoke {@code operation} on {@code mbean}, or null
     * when it may. The reason names the user, the role, the operation and what to change in the access file.
     */
    static String refusal(String user, Role role, AccessFile access, ObjectName mbean, MBeanOperationInfo operation,
                          Target target) {
        if (operation.getImpact() == MBeanOperationInfo.INFO) {
            return null;
        }
        String who = "user '" + user + "' has the role '" + role + "' in the access file " + access.file();
        String what = operation.getName() + " on " + mbean;
        if (!role.writes()) {
            String writeMaps = target instanceof Target.OneMap map ? " (or 'write maps=" + map.name() + "')" : "";
            return who + ", which invokes only operations of impact INFO (reads); " + what + " has impact "
                    + impact(operation) + "; give " + user + " the role 'write'" + writeMaps + " in that file";
        }
        if (target instanceof Target.OneMap map) {
            return role.mayChange(map.name()) ? null : who + ", which may not change the map '" + map.name() + "' ("
                    + what + "); add " + map.name() + " to its maps= in that file, e.g. '" + user + " " + role + ":"
                    + map.name() + "'";
        }
        if (role.mayChangeAnything()) {
            return null;
        }
        if (target instanceof Target.UnknownMap unknown) {
            return who + ", which changes only the maps it names: '" + unknown.given() + "' (" + what + ") names "
                    + "none of the object's maps exactly (" + String.join(", ", unknown.maps()) + "); name the map as "
                    + "the Maps attribute shows it";
        }
        return who + ", which may not invoke " + what + ": it acts on the whole MBean, not on one of the maps "
                + String.join(":", role.maps()) + "; give " + user + " the role 'write' in that file";
    }

    private static String impact(MBeanOperationInfo operation) {
        return switch (operation.getImpact()) {
            case MBeanOperationInfo.ACTION -> "ACTION";
            case MBeanOperationInfo.ACTION_INFO -> "ACTION_INFO";
            default -> "UNKNOWN";
        };
    }
}
