package io.bpfjmx.agent;

import java.util.HashMap;
import java.util.Map;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.NotificationEmitter;
import javax.management.StandardEmitterMBean;

/**
 * A standard MBean whose MBeanInfo an operator can read: real parameter names ({@code mapName}, not {@code p0}),
 * a description for every attribute, operation and parameter, and the impact of each operation (ACTION for
 * writes, INFO for reads), none of which the JDK's introspection provides. Its notifications are its emitter's,
 * declared in the MBeanInfo too. Public for the MBeans of the agent's other packages.
 */
public final class DescribedMBean<T> extends StandardEmitterMBean {
    /** What JConsole and friends show about one MBean. */
    public static final class Descriptions {
        private final String mbean;
        private final Map<String, String> attributes = new HashMap<>();
        private final Map<String, String> operations = new HashMap<>();
        private final Map<String, Integer> impacts = new HashMap<>();
        private final Map<String, String[][]> parameters = new HashMap<>();

        public Descriptions(String mbean) {
            this.mbean = mbean;
        }

        /** These descriptions under another MBean description, for an MBean that differs in a few members. */
        public Descriptions copy(String mbean) {
            Descriptions copy = new Descriptions(mbean);
            copy.attributes.putAll(attributes);
            copy.operations.putAll(operations);
            copy.impacts.putAll(impacts);
            copy.parameters.putAll(parameters);
            return copy;
        }

        public Descriptions attribute(String name, String description) {
            attributes.put(name, description);
            return this;
        }

        /** {@code parameters}: pairs of name and description, in the method's order. */
        public Descriptions operation(String name, int impact, String description, String... parameters) {
            operations.put(name, description);
            impacts.put(name, impact);
            String[][] pairs = new String[parameters.length / 2][];
            for (int i = 0; i < pairs.length; i++) {
                pairs[i] = new String[] {parameters[2 * i], parameters[2 * i + 1]};
            }
            this.parameters.put(name, pairs);
            return this;
        }
    }

    private final Descriptions descriptions;

    public DescribedMBean(T implementation, Class<T> mbeanInterface, Descriptions descriptions, NotificationEmitter emitter) {
        super(implementation, mbeanInterface, false, emitter);
        this.descriptions = descriptions;
    }

    @Override
    protected String getDescription(MBeanInfo info) {
        return descriptions.mbean;
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        return descriptions.attributes.getOrDefault(info.getName(), info.getDescription());
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        return descriptions.operations.getOrDefault(info.getName(), info.getDescription());
    }

    @Override
    protected int getImpact(MBeanOperationInfo info) {
        return descriptions.impacts.getOrDefault(info.getName(), MBeanOperationInfo.UNKNOWN);
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        String[] pair = parameter(op, sequence);
        return pair == null ? param.getName() : pair[0];
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        String[] pair = parameter(op, sequence);
        return pair == null ? param.getDescription() : pair[1];
    }

    private String[] parameter(MBeanOperationInfo op, int sequence) {
        String[][] pairs = descriptions.parameters.get(op.getName());
        return pairs == null || sequence >= pairs.length ? null : pairs[sequence];
    }
}
