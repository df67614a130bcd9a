package io.bpfjmx.agent.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {
    @Test
    void readsEveryOption() {
        AgentOptions options = AgentOptions.parse("object=/a/x.bpf.o, object=/b/y.bpf.o,attach=false,"
                + "libbpf=/opt/libbpf.so.1,readOnly=true,failOnError=true,prometheusPort=9464,"
                + "prometheusHost=0.0.0.0,jnaTmpDir=/var/tmp,pinMaps=/sys/fs/bpf/app/../bpfjmx");
        assertThat(options.objects()).containsExactly(Path.of("/a/x.bpf.o"), Path.of("/b/y.bpf.o"));
        assertThat(options.attach()).isFalse();
        assertThat(options.libbpf()).isEqualTo(Path.of("/opt/libbpf.so.1"));
        assertThat(options.readOnly()).isTrue();
        assertThat(options.failOnError()).isTrue();
        assertThat(options.prometheusPort()).isEqualTo(9464);
        assertThat(options.prometheusHost()).isEqualTo("0.0.0.0");
        assertThat(options.jnaTmpDir()).isEqualTo(Path.of("/var/tmp"));
        assertThat(options.pinMaps()).isEqualTo(Path.of("/sys/fs/bpf/bpfjmx"));
    }

    @Test
    void defaultsAreSafe() {
        AgentOptions options = AgentOptions.parse(null);
        assertThat(options.objects()).isEmpty();
        assertThat(options.attach()).isTrue();
        assertThat(options.readOnly()).isFalse();
        assertThat(options.failOnError()).isFalse();
        assertThat(options.prometheusPort()).isZero();
        assertThat(options.prometheusHost()).isEqualTo("127.0.0.1");
        assertThat(options.pinMaps()).as("no map is pinned unless asked").isNull();
    }

    @Test
    void namesTheWrongOption() {
        assertThatThrownBy(() -> AgentOptions.parse("object=/x.o,objects=/y.o"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown agent option 'objects'; options: " + AgentOptions.help());
        assertThatThrownBy(() -> AgentOptions.parse("object=/x.o,verbose"))
                .hasMessage("agent option 'verbose' is not key=value; options: " + AgentOptions.help());
        assertThatThrownBy(() -> AgentOptions.parse("attach=maybe"))
                .hasMessage("agent option 'attach' is 'maybe'; expected true or false");
        assertThatThrownBy(() -> AgentOptions.parse("prometheusPort=99999"))
                .hasMessage("agent option 'prometheusPort' is '99999'; expected a port from 1 to 65535");
        assertThatThrownBy(() -> AgentOptions.parse("object="))
                .hasMessage("agent option 'object' has no value; options: " + AgentOptions.help());
    }

    @Test
    void readsTheAuditFileAndItsRotation() {
        AgentOptions options = AgentOptions.parse("auditFile=/var/log/../log/bpfjmx-audit.log,auditFileSize=64KB,"
                + "auditFileCount=3");
        assertThat(options.auditFile()).isEqualTo(Path.of("/var/log/bpfjmx-audit.log"));
        assertThat(options.auditFileSize()).isEqualTo(64 * 1024);
        assertThat(options.auditFileCount()).isEqualTo(3);
        assertThat(AgentOptions.parse("auditFileSize=1000").auditFileSize()).isEqualTo(1000);
        assertThat(AgentOptions.parse("auditFileSize=2gb").auditFileSize()).isEqualTo(2L << 30);
        AgentOptions defaults = AgentOptions.parse(null);
        assertThat(defaults.auditFile()).as("the audit goes to java.util.logging unless asked").isNull();
        assertThat(defaults.auditFileSize()).isEqualTo(50L << 20);
        assertThat(defaults.auditFileCount()).isEqualTo(10);
        assertThatThrownBy(() -> AgentOptions.parse("auditFileSize=50M"))
                .hasMessage("agent option 'auditFileSize' is '50M'; expected a size above 0 in bytes, alone or with "
                        + "the unit KB, MB or GB, e.g. 50MB");
        assertThatThrownBy(() -> AgentOptions.parse("auditFileSize=0"))
                .hasMessageStartingWith("agent option 'auditFileSize' is '0'; expected a size above 0");
        assertThatThrownBy(() -> AgentOptions.parse("auditFileCount=0"))
                .hasMessage("agent option 'auditFileCount' is '0'; expected a whole number of at least 1");
    }

    @Test
    void takesEscapedCommasAndBackslashesInsideValues() {
        AgentOptions options = AgentOptions.parse("object=/a\\,b/x.bpf.o,libbpf=/c\\\\d/libbpf.so.1");
        assertThat(options.objects()).containsExactly(Path.of("/a,b/x.bpf.o"));
        assertThat(options.libbpf()).isEqualTo(Path.of("/c\\d/libbpf.so.1"));
    }

    @Test
    void theLastOfARepeatedSingleOptionWins() {
        assertThat(AgentOptions.parse("attach=false,attach=true").attach()).isTrue();
    }

    @Test
    void everyOptionIsInTheHelpWithItsDefault() {
        for (AgentOption option : AgentOption.values()) {
            assertThat(AgentOptions.help()).contains(option.key() + "=");
        }
        assertThat(AgentOptions.help()).contains("prometheusHost=<address>, default 127.0.0.1");
    }
}
