package io.bpfjmx.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DescribedMBean} calls operations directly, not by the JDK's reflection: every call gives a JMX client what
 * the JDK's standard MBean gives, results and exceptions alike, whether it goes the direct way or falls back.
 */
class DescribedMBeanTest {
    private static final String[] UPDATE = {"java.lang.String", "long"};

    /** An MBean interface as the agent's: operations with object and primitive parameters, and an attribute. */
    public interface ProbeMBean {
        String getName();

        String update(String key, long flags);

        void fail(String message);

        int count();
    }

    static final class Probe implements ProbeMBean {
        final List<String> calls = new ArrayList<>();
        boolean reflected;

        @Override
        public String getName() {
            return "probe";
        }

        @Override
        public String update(String key, long flags) {
            reflected = Arrays.stream(new Throwable().getStackTrace())
                    .anyMatch(frame -> frame.getClassName().startsWith("sun.reflect.misc."));
            calls.add(key + "/" + flags);
            return "updated " + key + " with " + flags;
        }

        @Override
        public void fail(String message) {
            throw new IllegalArgumentException(message);
        }

        @Override
        public int count() {
            return calls.size();
        }
    }

    /** A call, made on both MBeans. */
    record Call(String operation, Object[] params, String[] signature) {
        @Override
        public String toString() {
            return operation + Arrays.toString(params) + Arrays.toString(signature);
        }
    }

    static List<Call> calls() {
        return List.of(
                new Call("update", new Object[] {"k", 2L}, UPDATE),
                new Call("update", new Object[] {null, 0L}, UPDATE),
                new Call("update", new Object[] {"k", 2}, UPDATE), // an Integer for a long: reflection widens it
                new Call("update", new Object[] {"k", null}, UPDATE),
                new Call("update", new Object[] {7, 2L}, UPDATE),
                new Call("update", new Object[] {"k"}, UPDATE),
                new Call("update", null, UPDATE),
                new Call("update", new Object[] {"k", 2L}, new String[] {"java.lang.String", "int"}),
                new Call("update", new Object[] {"k", 2L}, null),
                new Call("fail", new Object[] {"bad key"}, new String[] {"java.lang.String"}),
                new Call("count", null, null),
                new Call("count", new Object[0], new String[0]),
                new Call("getName", null, null), // an attribute's getter is no operation
                new Call("nothing", new Object[0], new String[0]));
    }

    @ParameterizedTest
    @MethodSource("calls")
    void answersAsTheStandardMBean(Call call) throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        ObjectName described = new ObjectName("test:type=Described");
        ObjectName standard = new ObjectName("test:type=Standard");
        Probe directProbe = new Probe();
        Probe standardProbe = new Probe();
        server.registerMBean(new DescribedMBean<>(directProbe, ProbeMBean.class, new DescribedMBean.Descriptions(
                "probe"), new NotificationBroadcasterSupport()), described);
        server.registerMBean(new StandardMBean(standardProbe, ProbeMBean.class), standard);

        Object[] answers = new Object[2];
        Throwable[] failures = new Throwable[2];
        ObjectName[] names = {described, standard};
        for (int i = 0; i < 2; i++) {
            int index = i;
            failures[i] = catchThrowable(() -> answers[index] = server.invoke(names[index], call.operation(),
                    call.params(), call.signature()));
        }
        assertThat(answers[0]).isEqualTo(answers[1]);
        assertThat(directProbe.calls).isEqualTo(standardProbe.calls);
        if (failures[1] == null) {
            assertThat(failures[0]).isNull();
        } else {
            assertThat(failures[0]).isInstanceOf(failures[1].getClass()).hasMessage(failures[1].getMessage());
            assertThat(failures[0].getCause()).isInstanceOf(failures[1].getCause().getClass())
                    .hasMessage(failures[1].getCause().getMessage());
        }
    }

    @Test
    void callsTheOperationWithoutReflection() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        ObjectName name = new ObjectName("test:type=Described");
        Probe probe = new Probe();
        server.registerMBean(new DescribedMBean<>(probe, ProbeMBean.class, new DescribedMBean.Descriptions("probe"),
                new NotificationBroadcasterSupport()), name);

        assertThat(server.invoke(name, "update", new Object[] {"k", 3L}, UPDATE)).isEqualTo("updated k with 3");
        assertThat(probe.reflected).isFalse();
        server.invoke(name, "update", new Object[] {"k", 3}, UPDATE); // an Integer: the JDK's way, which converts
        assertThat(probe.reflected).isTrue();
    }
}
