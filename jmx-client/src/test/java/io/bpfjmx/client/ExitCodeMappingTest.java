package io.bpfjmx.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.rmi.UnmarshalException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanException;
import javax.management.RuntimeMBeanException;
import org.jolokia.client.exception.JolokiaConnectException;
import org.jolokia.client.exception.JolokiaRemoteException;
import org.junit.jupiter.api.Test;

/** The agent's exceptions, as RMI and as Jolokia's adapter deliver them, and the exit codes they end in. */
class ExitCodeMappingTest {

    @Test
    void badInputOverRmi() {
        CliException e = AgentErrors.translate(rmi(new IllegalArgumentException("keyHex is 3 bytes; expected 4")));
        assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(e.getMessage()).isEqualTo("keyHex is 3 bytes; expected 4");
    }

    @Test
    void kernelRefusalNamesTheErrnoAndWhatToDo() {
        CliException e = AgentErrors.translate(rmi(new IllegalStateException(
                "update of map 'syscall_count_map' failed: EEXIST (key exists and flags=NOEXIST)\nlibbpf: detail")));
        assertThat(e.exitCode()).isEqualTo(ExitCode.KERNEL_REFUSED);
        assertThat(e.errno()).isEqualTo("EEXIST");
        assertThat(e.getMessage()).isEqualTo("update of map 'syscall_count_map' failed: EEXIST (key exists and "
                + "flags=NOEXIST)");
        assertThat(e.hint()).contains("--flags any");
    }

    @Test
    void unknownErrnoIsStillAKernelRefusal() {
        CliException e = AgentErrors.translate(rmi(new IllegalStateException("lookup of map 'm' failed: errno 200 "
                + "(unknown error)")));
        assertThat(e.exitCode()).isEqualTo(ExitCode.KERNEL_REFUSED);
        assertThat(e.errno()).isEqualTo("errno 200");
        assertThat(e.hint()).isNull();
    }

    @Test
    void objectNotLoadedIsAgentNotPresent() {
        CliException e = AgentErrors.translate(rmi(new IllegalStateException("object 'x' is not loaded: FAILED: "
                + "no such file")));
        assertThat(e.exitCode()).isEqualTo(ExitCode.AGENT_NOT_PRESENT);
        assertThat(AgentErrors.translate(rmi(new IllegalStateException("map 'm' is closed; reload its object to use "
                + "it again"))).exitCode()).isEqualTo(ExitCode.AGENT_NOT_PRESENT);
    }

    @Test
    void readOnlyAgentAndReadOnlyRoleAreNotPermitted() {
        assertThat(AgentErrors.translate(rmi(new UnsupportedOperationException("read-only"))).exitCode())
                .isEqualTo(ExitCode.NOT_PERMITTED);
        assertThat(AgentErrors.translate(new SecurityException("Access denied!")).exitCode())
                .isEqualTo(ExitCode.NOT_PERMITTED);
    }

    @Test
    void vanishedMBeanIsAgentNotPresent() {
        assertThat(AgentErrors.translate(new InstanceNotFoundException("io.bpfjmx:type=BpfMap")).exitCode())
                .isEqualTo(ExitCode.AGENT_NOT_PRESENT);
    }

    @Test
    void lostConnectionIsCannotConnect() {
        assertThat(AgentErrors.translate(new IOException("Connection reset")).exitCode())
                .isEqualTo(ExitCode.CANNOT_CONNECT);
        assertThat(AgentErrors.translate(new MBeanException(new JolokiaConnectException("refused",
                new java.net.ConnectException()))).exitCode()).isEqualTo(ExitCode.CANNOT_CONNECT);
    }

    @Test
    void anythingElseIsAnUnexpectedFailure() {
        assertThat(AgentErrors.translate(new ClassCastException("no")).exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(AgentErrors.translate(rmi(new IllegalStateException("bpfjmx failed unexpectedly: NPE")))
                .exitCode()).isEqualTo(ExitCode.FAILURE);
    }

    /** An agent of another version may throw a class of its own, which RMI cannot unmarshal here: say which. */
    @Test
    void anExceptionOfAClassTheClientLacksIsAnUnexpectedFailureNamingIt() {
        CliException e = AgentErrors.translate(new UnmarshalException("error unmarshalling return; nested "
                + "exception is:", new ClassNotFoundException("io.bpfjmx.libbpf.LibBpfUnavailableException")));
        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(e.getMessage()).isEqualTo("the agent answered with an exception of a class this client does not "
                + "have: io.bpfjmx.libbpf.LibBpfUnavailableException");
        assertThat(e.hint()).contains("another version");
    }

    @Test
    void jolokiaErrorsEndInTheSameCodesAsRmi() {
        CliException kernel = AgentErrors.translate(jolokia("java.lang.IllegalStateException",
                "update of map 'hash_map' failed: EEXIST (key exists and flags=NOEXIST)"));
        assertThat(kernel.exitCode()).isEqualTo(ExitCode.KERNEL_REFUSED);
        assertThat(kernel.errno()).isEqualTo("EEXIST");
        assertThat(kernel.getMessage()).isEqualTo("update of map 'hash_map' failed: EEXIST (key exists and "
                + "flags=NOEXIST)");
        assertThat(AgentErrors.translate(jolokia("java.lang.IllegalArgumentException", "bad")).exitCode())
                .isEqualTo(ExitCode.BAD_INPUT);
        assertThat(AgentErrors.translate(jolokia("java.lang.UnsupportedOperationException", "ro")).exitCode())
                .isEqualTo(ExitCode.NOT_PERMITTED);
        assertThat(AgentErrors.translate(jolokia("java.lang.SecurityException", "policy")).exitCode())
                .isEqualTo(ExitCode.NOT_PERMITTED);
    }

    @Test
    void aJolokiaPolicyRefusalIsNotPermitted() {
        MBeanException refused = new MBeanException(new JolokiaRemoteException(null, "Error: java.lang.Exception : "
                + "Operation updateElem forbidden", "java.lang.Exception", 403, null, null));
        CliException e = AgentErrors.translate(refused);
        assertThat(e.exitCode()).isEqualTo(ExitCode.NOT_PERMITTED);
        assertThat(e.getMessage()).isEqualTo("the JMX server refused: refused by the Jolokia access policy (HTTP "
                + "403): Operation updateElem forbidden");
    }

    @Test
    void exitCodesAreDistinct() {
        assertThat(ExitCode.values()).extracting(ExitCode::code).doesNotHaveDuplicates()
                .containsExactly(0, 1, 2, 3, 4, 5, 6);
    }

    private static RuntimeMBeanException rmi(RuntimeException thrownByTheAgent) {
        return new RuntimeMBeanException(thrownByTheAgent, thrownByTheAgent.toString());
    }

    /** What Jolokia's adapter throws for an exception of the MBean: an MBeanException around the remote error. */
    private static MBeanException jolokia(String type, String message) {
        return new MBeanException(new JolokiaRemoteException(null, "Error: " + type + " : " + message, type, 500,
                null, null));
    }
}
