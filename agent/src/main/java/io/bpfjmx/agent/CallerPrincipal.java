package io.bpfjmx.agent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.AccessController;
import java.security.Principal;
import java.util.stream.Collectors;
import javax.security.auth.Subject;

/**
 * Who is calling: the principals of the JMX connection's authenticated subject (the user of the password file for
 * remote JMX), or {@link #NONE} for callers without one (local attach, in-process calls).
 *
 * <p>The JMX connector hands the subject over differently by JDK: {@code Subject.callAs} from JDK 18 on, read
 * with {@code Subject.current()} (where {@code Subject.getSubject} stops working once the security manager is
 * gone); an access-control context on JDK 17, which has no {@code Subject.current()}. The agent is compiled for 17
 * and runs on both, so the newer method is found at run time. Public for bpfjmx's own connector
 * ({@code io.bpfjmx.agent.remote}), whose roles go by the same name.
 */
public final class CallerPrincipal {
    public static final String NONE = "(none)";
    private static final MethodHandle CURRENT_SUBJECT = currentSubject();

    private CallerPrincipal() {}

    /** The caller's principal names, comma-separated, or {@link #NONE}. */
    public static String name() {
        Subject subject;
        try {
            subject = (Subject) CURRENT_SUBJECT.invokeExact();
        } catch (Throwable e) {
            return NONE;
        }
        if (subject == null || subject.getPrincipals().isEmpty()) {
            return NONE;
        }
        return subject.getPrincipals().stream().map(Principal::getName).sorted().collect(Collectors.joining(","));
    }

    private static MethodHandle currentSubject() {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        MethodType type = MethodType.methodType(Subject.class);
        try {
            return lookup.findStatic(Subject.class, "current", type);
        } catch (NoSuchMethodException | IllegalAccessException jdk17) {
            try {
                return lookup.findStatic(CallerPrincipal.class, "subjectOfAccessControlContext", type);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("bpfjmx cannot find its own method", e);
            }
        }
    }

    @SuppressWarnings({"removal", "deprecation", "unused"}) // JDK 17 only; found by currentSubject()
    private static Subject subjectOfAccessControlContext() {
        return Subject.getSubject(AccessController.getContext());
    }
}
