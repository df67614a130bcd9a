package io.bpfjmx.agent.remote;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.rmi.server.RemoteServer;
import java.rmi.server.ServerNotActiveException;
import java.util.Set;
import java.util.logging.Logger;
import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXPrincipal;
import javax.security.auth.Subject;

/**
 * Admits the users of the password file that have a role in the access file. The subject it returns holds one
 * {@link JMXPrincipal}, the user, which the audit names ({@code principal=<user>}) and by which the
 * {@link RestrictedMBeanServer} finds the role.
 *
 * <p>Every attempt is counted by the meter {@value #METER} (tags {@code outcome}: {@code success} or
 * {@code failed}; {@code reason}: {@code none}, {@code unknown_user}, {@code wrong_password}, {@code no_role},
 * {@code malformed}); every failure is also one log line naming the user and the client's address, never the
 * password. The client is told only what the JDK's own connector tells it.
 */
final class PasswordAuthenticator implements JMXAuthenticator {
    static final String METER = "bpfjmx.jmx.authentications";
    private static final Logger LOG = Logger.getLogger(PasswordAuthenticator.class.getName());
    private static final String REFUSED = "Authentication failed! Invalid username or password";

    private final PasswordFile passwords;
    private final AccessFile access;
    private final MeterRegistry meters;

    PasswordAuthenticator(PasswordFile passwords, AccessFile access, MeterRegistry meters) {
        this.passwords = passwords;
        this.access = access;
        this.meters = meters;
    }

    @Override
    public Subject authenticate(Object credentials) {
        if (!(credentials instanceof String[] pair) || pair.length != 2 || pair[0] == null || pair[1] == null) {
            throw refuse("malformed", null, "the client sent no {user, password} pair", REFUSED);
        }
        String user = pair[0];
        if (!passwords.matches(user, pair[1])) {
            boolean known = passwords.has(user);
            throw refuse(known ? "wrong_password" : "unknown_user", user, known ? "wrong password"
                    : "no such user in the password file", REFUSED);
        }
        if (access.roleOf(user) == null) {
            throw refuse("no_role", user, "the user has no role in the access file " + access.file(),
                    "Access denied! User " + user + " has no role in bpfjmx's access file");
        }
        count("success", "none");
        return new Subject(true, Set.of(new JMXPrincipal(user)), Set.of(), Set.of());
    }

    private SecurityException refuse(String reason, String user, String why, String toClient) {
        count("failed", reason);
        LOG.warning("bpfjmx: JMX authentication failed" + (user == null ? "" : " for user '" + printable(user) + "'")
                + " from " + clientHost() + ": " + why);
        return new SecurityException(toClient);
    }

    private void count(String outcome, String reason) {
        Counter.builder(METER).description("Logins to bpfjmx's own JMX connector, by outcome and reason")
                .tags("outcome", outcome, "reason", reason).register(meters).increment();
    }

    /** The user as given, without what could forge or break a log line, and not longer than a user name is. */
    private static String printable(String user) {
        String shown = user.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return shown.length() <= 64 ? shown : shown.substring(0, 64) + "...";
    }

    private static String clientHost() {
        try {
            return RemoteServer.getClientHost();
        } catch (ServerNotActiveException e) {
            return "an unknown address";
        }
    }
}
