package io.bpfjmx.client;

import java.io.IOException;
import java.rmi.UnmarshalException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanException;
import javax.management.ReflectionException;
import javax.management.RuntimeErrorException;
import javax.management.RuntimeMBeanException;
import javax.management.RuntimeOperationsException;
import org.jolokia.client.exception.JolokiaException;
import org.jolokia.client.exception.JolokiaRemoteException;
import org.jolokia.client.exception.UncheckedJmxAdapterException;

/**
 * What the agent's JDK exceptions mean for the operator, and which exit code says so: the agent throws
 * {@link IllegalArgumentException} for bad input, {@link IllegalStateException} for a kernel refusal (the message
 * names the errno right after "failed: ") or an object that is not loaded, {@link UnsupportedOperationException}
 * when it runs read-only. JMX wraps them; a JMX role that may not invoke raises {@link SecurityException}.
 * Jolokia's adapter hands them over as a {@link JolokiaRemoteException} naming the remote class; they are turned
 * back into the JDK exceptions, so that both connectors end in the same exit codes.
 */
final class AgentErrors {
    private static final Pattern ERRNO = Pattern.compile("failed: (E[A-Z0-9]+|errno \\d+)");
    /** The agent's words for an object not (or no longer) loaded. */
    private static final Pattern NOT_LOADED = Pattern.compile(" is not loaded| is closed");
    private static final Map<String, String> HINTS = Map.of(
            "EEXIST", "the key exists: --flags any (or exist) overwrites it",
            "ENOENT", "no such key: bpfjmx dump MAP shows the keys; --flags any or noexist creates one",
            "E2BIG", "the map is full (hash) or the index is past max_entries (array): delete entries or check the "
                    + "key",
            "EPERM", "the map is not writable from user space (.rodata is frozen after load), or the target JVM "
                    + "lacks CAP_BPF",
            "EINVAL", "check the flags: lock needs a value with a bpf_spin_lock, batches take only any or lock, "
                    + "arrays cannot delete",
            "EBUSY", "a BPF program holds the map or element right now: retry");

    private AgentErrors() {}

    /** Runs one JMX call, turning whatever it throws into a {@link CliException}. */
    static <T> T call(Callable<T> call) {
        try {
            return call.call();
        } catch (CliException e) {
            throw e;
        } catch (Exception e) {
            throw translate(e);
        }
    }

    static CliException translate(Throwable thrown) {
        Throwable cause = unwrap(thrown);
        String message = firstLine(cause.getMessage());
        if (cause instanceof IllegalArgumentException) {
            return new CliException(ExitCode.BAD_INPUT, message, null, null, thrown); // the agent says what it expects
        }
        if (cause instanceof UnsupportedOperationException) {
            return new CliException(ExitCode.NOT_PERMITTED, message, null, null, thrown);
        }
        if (cause instanceof SecurityException) {
            return new CliException(ExitCode.NOT_PERMITTED, "the JMX server refused: " + message, "map operations "
                    + "need a JMX user with a write role (bpfjmx's connector: write, or write maps=...; the JDK's: "
                    + "the readwrite role) or, over Jolokia, a policy that allows them; a read-only user can still "
                    + "run maps and dump", null, thrown);
        }
        if (cause instanceof IllegalStateException) {
            Matcher errno = ERRNO.matcher(message);
            if (errno.find()) {
                return new CliException(ExitCode.KERNEL_REFUSED, message, HINTS.get(errno.group(1)), errno.group(1),
                        thrown);
            }
            if (NOT_LOADED.matcher(message).find()) {
                return new CliException(ExitCode.AGENT_NOT_PRESENT, message, "bpfjmx maps shows the objects' "
                        + "status", null, thrown);
            }
        }
        if (cause instanceof InstanceNotFoundException) {
            return new CliException(ExitCode.AGENT_NOT_PRESENT, "the MBean is gone: " + message, "the object was "
                    + "unloaded or the JVM is shutting down; bpfjmx maps shows what is loaded", null, thrown);
        }
        if (cause instanceof UnmarshalException && cause.getCause() instanceof ClassNotFoundException missing) {
            return new CliException(ExitCode.FAILURE, "the agent answered with an exception of a class this client "
                    + "does not have: " + missing.getMessage(), "is the bpfjmx agent of another version than this "
                    + "client? Use the same version for both", null, thrown);
        }
        if (cause instanceof IOException) {
            return new CliException(ExitCode.CANNOT_CONNECT, "lost the connection to the JVM: " + message,
                    "check that the JVM still runs and retry", null, thrown);
        }
        return new CliException(ExitCode.FAILURE, cause.getClass().getName() + ": " + message, "run again with "
                + "--verbose and report the stack trace", null, thrown);
    }

    /** The exception the MBean threw, out of JMX's and Jolokia's wrappers. */
    private static Throwable unwrap(Throwable thrown) {
        Throwable cause = thrown;
        while (true) {
            Throwable inner = cause instanceof RuntimeMBeanException e ? e.getTargetException()
                    : cause instanceof MBeanException e ? e.getTargetException()
                    : cause instanceof RuntimeOperationsException e ? e.getTargetException()
                    : cause instanceof RuntimeErrorException e ? e.getTargetError()
                    : cause instanceof ReflectionException e ? e.getTargetException()
                    : cause instanceof UncheckedJmxAdapterException e ? e.getCause()
                    : null;
            if (inner == null || inner == cause) {
                return cause instanceof JolokiaException e ? fromJolokia(e) : cause;
            }
            cause = inner;
        }
    }

    /** The JDK exception a Jolokia error stands for; a Jolokia failure of its own (HTTP, timeout) as an I/O error. */
    private static Throwable fromJolokia(JolokiaException e) {
        if (!(e instanceof JolokiaRemoteException remote)) {
            return new IOException(e.getMessage(), e);
        }
        String message = String.valueOf(remote.getMessage()).replaceFirst("^Error: \\S+ : ", "");
        if (remote.getStatus() == 403) {
            return new SecurityException("refused by the Jolokia access policy (HTTP 403): " + message, e);
        }
        return switch (String.valueOf(remote.getErrorType())) {
            case "java.lang.IllegalArgumentException" -> new IllegalArgumentException(message, e);
            case "java.lang.IllegalStateException" -> new IllegalStateException(message, e);
            case "java.lang.UnsupportedOperationException" -> new UnsupportedOperationException(message, e);
            case "java.lang.SecurityException" -> new SecurityException(message, e);
            default -> e;
        };
    }

    private static String firstLine(String message) {
        return message == null ? "(no message)" : message.lines().findFirst().orElse("");
    }
}
