package io.bpfjmx.agent.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The grammar of the agent option {@code export}, and its two companions, checked when the options are parsed. */
class ExportRequestTest {
    @Test
    void aMapAloneIsAGaugeOfEveryObjectsMapWithTheDefaults() {
        AgentOptions options = AgentOptions.parse("export=syscall_count_map");
        assertThat(options.exports()).containsExactly(
                new ExportRequest("syscall_count_map", null, false, false, null, null));
        ExportRequest request = options.exports().get(0);
        assertThat(request.meterName()).isEqualTo("bpf.map.value");
        assertThat(request.keyLabel()).isEqualTo("key");
        assertThat(request.namesKeyLabel()).isFalse();
        assertThat(request.appliesTo("log_syscalls")).isTrue();
        assertThat(request.appliesTo("types")).isTrue();
        assertThat(options.exportInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.exportLimit()).isEqualTo(1000);
    }

    @Test
    void readsEverySettingOfEveryMap() {
        AgentOptions options = AgentOptions.parse("export=syscall_count_map/counter/key=comm:percpu_stats/cpu"
                + "/object=types:flows/gauge/name=bpf.flows:fixtures.data,exportInterval=250ms,exportLimit=20");
        assertThat(options.exports()).containsExactly(
                new ExportRequest("syscall_count_map", null, true, false, null, "comm"),
                new ExportRequest("percpu_stats", "types", false, true, null, null),
                new ExportRequest("flows", null, false, false, "bpf.flows", null),
                new ExportRequest("fixtures.data", null, false, false, null, null));
        assertThat(options.exports().get(0).meterName()).isEqualTo("bpf.map.counter");
        assertThat(options.exports().get(1).appliesTo("types")).isTrue();
        assertThat(options.exports().get(1).appliesTo("fixtures")).isFalse();
        assertThat(options.exports().get(1).target()).isEqualTo("percpu_stats/object=types");
        assertThat(options.exportInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(options.exportLimit()).isEqualTo(20);
    }

    @Test
    void aGlobalSectionIsNamedAsIs() {
        assertThat(AgentOptions.parse("export=.bss/object=fixtures").exports())
                .containsExactly(new ExportRequest(".bss", "fixtures", false, false, null, null));
    }

    @Test
    void namesTheEntryAndTheSettingThatIsWrong() {
        assertThatThrownBy(() -> AgentOptions.parse("export=flows/count"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("agent option 'export': map 'flows' has the setting 'count', which is not one; expected "
                        + "counter, gauge, cpu, name=<meter name>, key=<label> or object=<object>, each after a "
                        + "slash, e.g. flows/counter/key=comm");
        assertThatThrownBy(() -> AgentOptions.parse("export=flows/counter=yes"))
                .hasMessageStartingWith("agent option 'export': map 'flows' has the setting 'counter=yes', which is "
                        + "not one;");
        assertThatThrownBy(() -> AgentOptions.parse("export=flows/name"))
                .hasMessageStartingWith("agent option 'export': map 'flows' has the setting 'name', which is not one;");
        assertThatThrownBy(() -> AgentOptions.parse("export=flows/counter/gauge"))
                .hasMessage("agent option 'export': map 'flows' is said to be both a counter and a gauge; give one");
        assertThatThrownBy(() -> AgentOptions.parse("export=/cpu"))
                .hasMessage("agent option 'export': '/cpu' names no map; expected <map>, then /settings, e.g. "
                        + "syscall_count_map/counter");
        assertThatThrownBy(() -> AgentOptions.parse("export=flows/object=types.bpf.o"))
                .hasMessage("agent option 'export': map 'flows' has the object name 'types.bpf.o'; expected the "
                        + "object's name, its file name up to the first dot, e.g. object=log_syscalls for "
                        + "log_syscalls.bpf.o");
        assertThatThrownBy(() -> AgentOptions.parse("export=::"))
                .hasMessage("agent option 'export' is '::', which names no map; expected map names separated by "
                        + "colons, e.g. export=syscall_count_map/key=comm");
        assertThatThrownBy(() -> AgentOptions.parse("export=flows:flows/counter"))
                .hasMessage("agent option 'export' names map 'flows' twice; give each map once, with all its "
                        + "settings");
        assertThat(AgentOptions.parse("export=flows:flows/object=types").exports()).as("another entry: this "
                + "object's flows, settled when the objects load").hasSize(2);
    }

    @Test
    void refusesMeterNamesThatPrometheusWouldChangeOrTheAgentHas() {
        for (String name : new String[] {"1abc", "bpf-flows", "bpf.flows.total", "bpf_info", "bpfjmx.mine", ""}) {
            assertThatThrownBy(() -> AgentOptions.parse("export=flows/name=" + name))
                    .as(name)
                    .hasMessage("agent option 'export': map 'flows' has the meter name '" + name + "'; expected "
                            + "letters, digits, dots and underscores, starting with a letter, not ending in total, "
                            + "info, created or bucket (Prometheus gives them a meaning) and not starting with "
                            + "bpfjmx. (the agent's own meters), e.g. name=bpf.syscalls");
        }
    }

    @Test
    void refusesKeyLabelsThatPrometheusKeepsOrEverySeriesHas() {
        for (String label : new String[] {"__name", "2x", "co-mm", "map", "cpu", "field", "object", ""}) {
            assertThatThrownBy(() -> AgentOptions.parse("export=names/key=" + label))
                    .as(label)
                    .hasMessage("agent option 'export': map 'names' has the key label '" + label + "'; expected "
                            + "letters, digits and underscores, starting with a letter or one underscore, and none "
                            + "of object, map, field, cpu (tags of their own), e.g. key=comm");
        }
        assertThat(AgentOptions.parse("export=names/key=_comm").exports().get(0).keyLabel()).isEqualTo("_comm");
    }

    /** Prometheus takes one type per metric name: a counter and a gauge of one name would lose one of them. */
    @Test
    void refusesOneMeterNameForACounterAndAGauge() {
        assertThatThrownBy(() -> AgentOptions.parse("export=names/counter/name=bpf.names:flows/name=bpf.names"))
                .hasMessage("agent option 'export' makes meter 'bpf.names' a counter for map 'names' and a gauge for "
                        + "map 'flows'; Prometheus takes one type per name: give one of them another name, e.g. "
                        + "flows/name=bpf.flows");
        assertThat(AgentOptions.parse("export=names/counter:flows").exports())
                .extracting(ExportRequest::meterName).containsExactly("bpf.map.counter", "bpf.map.value");
    }

    @Test
    void theIntervalAndTheLimitAreCheckedToo() {
        assertThatThrownBy(() -> AgentOptions.parse("exportInterval=10"))
                .hasMessage("agent option 'exportInterval' is '10'; expected a duration above 0 with its unit ms, s "
                        + "or m, e.g. 10s");
        assertThatThrownBy(() -> AgentOptions.parse("exportLimit=0"))
                .hasMessage("agent option 'exportLimit' is '0'; expected a whole number of at least 1");
    }
}
