package io.bpfjmx.agent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.NotificationEmitter;
import javax.management.ReflectionException;
import javax.management.StandardEmitterMBean;

/**
 * A standard MBean whose MBeanInfo an operator can read: real parameter names ({@code mapName}, not {@code p0}),
 * a description for every attribute, operation and parameter, and the impact of each operation (ACTION for
 * writes, INFO for reads), none of which the JDK's introspection provides. Its notifications are its emitter's,
 * declared in the MBeanInfo too. Public for the MBeans of the agent's other packages.
 *
 * <p>Operations are called directly ({@link #invoke}), not by the JDK's standard MBean introspector, whose call
 * goes through two reflective invocations (its {@code MethodUtil} trampoline) and a search of the operation's
 * signatures; what a caller sees is the same.
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
    /** The MBeanInfo's operations by name, each bound to the implementation. */
    private final Map<String, Operation[]> operations;

    public DescribedMBean(T implementation, Class<T> mbeanInterface, Descriptions descriptions, NotificationEmitter emitter) {
        super(implementation, mbeanInterface, false, emitter);
        this.descriptions = descriptions;
        this.operations = operations(implementation, mbeanInterface, getMBeanInfo().getOperations());
    }

    /**
     * Calls the operation as the standard MBean would, minus its reflection: an exception of the implementation's
     * propagates as it is (the MBean server wraps it, as it wraps the standard MBean's). Anything the implementation
     * would not be called with, an unknown operation or signature or arguments of other types (a {@code null} or an
     * {@code Integer} for a {@code long}, say), takes the standard way, for the JDK's own answer.
     */
    @Override
    public Object invoke(String name, Object[] params, String[] signature)
            throws MBeanException, ReflectionException {
        Operation operation = find(name, signature);
        if (operation == null || !operation.accepts(params)) {
            return super.invoke(name, params, signature);
        }
        try {
            return operation.call().invokeExact(params);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) { // the interfaces declare none; as the standard MBean says a checked one
            throw new MBeanException(e instanceof Exception checked ? checked : new Exception(e), e.toString());
        }
    }

    private Operation find(String name, String[] signature) {
        Operation[] overloads = operations.get(name);
        if (overloads != null) {
            for (Operation operation : overloads) {
                if (Arrays.equals(operation.signature, signature == null ? new String[0] : signature)) {
                    return operation;
                }
            }
        }
        return null;
    }

    private static Map<String, Operation[]> operations(Object implementation, Class<?> mbeanInterface,
                                                       MBeanOperationInfo[] declared) {
        Map<String, List<Operation>> byName = new HashMap<>();
        for (Method method : mbeanInterface.getMethods()) {
            String[] signature = Arrays.stream(method.getParameterTypes()).map(Class::getName).toArray(String[]::new);
            boolean isOperation = Arrays.stream(declared).anyMatch(info -> info.getName().equals(method.getName())
                    && Arrays.equals(signature, Arrays.stream(info.getSignature()).map(MBeanParameterInfo::getType)
                    .toArray(String[]::new)));
            if (isOperation) { // not an attribute's getter or setter, which the MBean server does not invoke
                byName.computeIfAbsent(method.getName(), name -> new ArrayList<>())
                        .add(new Operation(signature, implementation, method));
            }
        }
        Map<String, Operation[]> operations = new HashMap<>();
        byName.forEach((name, overloads) -> operations.put(name, overloads.toArray(new Operation[0])));
        return operations;
    }

    /** {@code (Object[]) -> Object}: the arguments spread, a primitive result boxed, a void one null. */
    private static MethodHandle handle(Object implementation, Method method) {
        try {
            return MethodHandles.publicLookup().unreflect(method).bindTo(implementation)
                    .asSpreader(Object[].class, method.getParameterCount())
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("the MBean interface " + method.getDeclaringClass().getName()
                    + " is not public", e);
        }
    }

    /**
     * One operation: its signature as JMX names it, the classes its arguments must have, and the call, made at its
     * first use: making a handle for each operation of each MBean as it registers cost the agent's start ~40 ms.
     */
    private static final class Operation {
        private final String[] signature;
        /** A primitive parameter's wrapper, else the parameter's type. */
        private final Class<?>[] types;
        private final boolean[] primitive;
        private final Object implementation;
        private final Method method;
        private volatile MethodHandle call;

        Operation(String[] signature, Object implementation, Method method) {
            Class<?>[] parameterTypes = method.getParameterTypes();
            this.signature = signature;
            this.implementation = implementation;
            this.method = method;
            this.types = new Class<?>[parameterTypes.length];
            this.primitive = new boolean[parameterTypes.length];
            for (int i = 0; i < parameterTypes.length; i++) {
                primitive[i] = parameterTypes[i].isPrimitive();
                types[i] = MethodType.methodType(parameterTypes[i]).wrap().returnType();
            }
        }

        MethodHandle call() {
            MethodHandle made = call;
            if (made == null) {
                made = handle(implementation, method);
                call = made;
            }
            return made;
        }

        /** Whether {@code params} are what reflection would pass unconverted: nothing else goes the direct way. */
        boolean accepts(Object[] params) {
            int count = params == null ? 0 : params.length;
            if (count != types.length) {
                return false;
            }
            for (int i = 0; i < count; i++) {
                Object param = params[i];
                // a null for a primitive, or a wrapper reflection would widen (Integer for long): the standard way
                if (param == null ? primitive[i] : !types[i].isInstance(param)) {
                    return false;
                }
            }
            return true;
        }
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
