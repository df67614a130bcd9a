package io.bpfjmx.client;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** A JVM on this machine, reached with the JDK's Attach API: no port to open, the OS user is the only gate. */
final class LocalJvm {
    /** SIGQUIT (3) in the signal masks of /proc/PID/status. */
    private static final long SIGQUIT = 1L << (3 - 1);

    private LocalJvm() {}

    /** The address of the JVM's local JMX connector, started if it is not running yet. */
    static String localConnectorAddress(long pid) {
        checkIsJvm(pid);
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                return vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
        } catch (AttachNotSupportedException | IOException e) {
            throw cannotAttach(pid, e);
        }
    }

    /**
     * Refuses a process that does not handle SIGQUIT: attaching sends it one, which kills any process but a JVM.
     */
    static void checkIsJvm(long pid) {
        List<String> status;
        try {
            status = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.CANNOT_CONNECT, "there is no process " + pid, "bpfjmx jvms lists the "
                    + "JVMs you can reach");
        } catch (IOException e) {
            return; // cannot tell: attaching will say
        }
        for (String line : status) {
            if (line.startsWith("SigCgt:") && (Long.parseUnsignedLong(line.substring(7).strip(), 16) & SIGQUIT) == 0) {
                throw new CliException(ExitCode.CANNOT_CONNECT, "process " + pid + " is not a JVM (it does not handle "
                        + "SIGQUIT, which attaching sends)", "bpfjmx jvms lists the JVMs you can reach");
            }
        }
    }

    static CliException cannotAttach(long pid, Exception e) {
        return new CliException(ExitCode.CANNOT_CONNECT, "cannot attach to JVM " + pid + ": " + e.getMessage(),
                "is " + pid + " a JVM running as this user (" + System.getProperty("user.name") + ")? bpfjmx jvms "
                        + "lists the JVMs you can reach; -XX:+DisableAttachMechanism forbids attaching", null, e);
    }
}
