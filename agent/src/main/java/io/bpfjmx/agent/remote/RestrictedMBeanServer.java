package io.bpfjmx.agent.remote;

import io.bpfjmx.agent.CallerPrincipal;
import io.bpfjmx.agent.options.MapNames;
import io.micrometer.jmx.JmxConfig;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.InstanceNotFoundException;
import javax.management.IntrospectionException;
import javax.management.ListenerNotFoundException;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerDelegate;
import javax.management.MalformedObjectNameException;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.ObjectInstance;
import javax.management.ObjectName;
import javax.management.QueryExp;
import javax.management.ReflectionException;
import javax.management.loading.ClassLoaderRepository;
import javax.management.remote.MBeanServerForwarder;

/**
 * The platform MBean server as bpfjmx's own connector shows it: only the MBeans of the domains {@code io.bpfjmx}
 * and {@code metrics} (the meters' JMX registry) are listed or reachable; any other name is answered as absent
 * ({@link InstanceNotFoundException}), whether it exists or not. So a client of this connector cannot switch the
 * audit's logger off through {@code java.util.logging:type=Logging}, nor load a JVMTI agent through
 * {@code com.sun.management:type=DiagnosticCommand}, in a process that holds CAP_BPF.
 *
 * <p>Within those domains every role reads attributes and MBean infos, queries, and listens to notifications;
 * operations go by {@link InvokeRules}, with the impact each MBean declares in its own MBeanInfo. Nothing is ever
 * created, registered, unregistered, instantiated or set through this connector; refusals are
 * {@link SecurityException}s that say why.
 *
 * <p>The connector's own machinery calls in too, without a client's subject: the notification buffer listens to
 * the MBean server delegate (with a listener object, which no remote client can pass) to learn of new MBeans, and
 * to the visible MBeans that emit notifications.
 */
final class RestrictedMBeanServer implements MBeanServerForwarder {
    static final String BPFJMX_DOMAIN = "io.bpfjmx";
    static final String METRICS_DOMAIN = JmxConfig.DEFAULT.domain();
    private static final List<String> DOMAINS = List.of(BPFJMX_DOMAIN, METRICS_DOMAIN);
    private static final Logger LOG = Logger.getLogger(RestrictedMBeanServer.class.getName());

    private final AccessFile access;
    /** The operations each MBean declares, from its MBeanInfo; bpfjmx's MBeans keep theirs under one name. */
    private final Map<ObjectName, MBeanOperationInfo[]> operations = new ConcurrentHashMap<>();
    private MBeanServer next;

    RestrictedMBeanServer(AccessFile access) {
        this.access = access;
    }

    @Override
    public MBeanServer getMBeanServer() {
        return next;
    }

    @Override
    public void setMBeanServer(MBeanServer server) {
        if (server == null) {
            throw new IllegalArgumentException("no MBean server to forward to");
        }
        this.next = server;
    }

    static boolean isVisible(ObjectName name) {
        return name != null && !name.isDomainPattern() && DOMAINS.contains(name.getDomain());
    }

    private static void requireVisible(ObjectName name) throws InstanceNotFoundException {
        if (!isVisible(name)) {
            throw new InstanceNotFoundException(name + " is not reachable through bpfjmx's JMX connector, which shows "
                    + "only the MBeans of the domains " + String.join(" and ", DOMAINS) + "; other MBeans are for the "
                    + "JDK's own connector");
        }
    }

    // ---- reads: visible MBeans only

    @Override
    public Set<ObjectName> queryNames(ObjectName name, QueryExp query) {
        Set<ObjectName> names = new LinkedHashSet<>();
        for (String domain : DOMAINS) {
            for (ObjectName found : next.queryNames(everythingIn(domain), query)) {
                if (name == null || name.apply(found)) {
                    names.add(found);
                }
            }
        }
        return names;
    }

    @Override
    public Set<ObjectInstance> queryMBeans(ObjectName name, QueryExp query) {
        Set<ObjectInstance> mbeans = new LinkedHashSet<>();
        for (String domain : DOMAINS) {
            for (ObjectInstance found : next.queryMBeans(everythingIn(domain), query)) {
                if (name == null || name.apply(found.getObjectName())) {
                    mbeans.add(found);
                }
            }
        }
        return mbeans;
    }

    private static ObjectName everythingIn(String domain) {
        try {
            return new ObjectName(domain + ":*");
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException("bpfjmx built an invalid pattern for the domain " + domain, e);
        }
    }

    @Override
    public Integer getMBeanCount() {
        return queryNames(null, null).size();
    }

    @Override
    public String[] getDomains() {
        return Arrays.stream(next.getDomains()).filter(DOMAINS::contains).toArray(String[]::new);
    }

    @Override
    public String getDefaultDomain() {
        return next.getDefaultDomain();
    }

    @Override
    public boolean isRegistered(ObjectName name) {
        return isVisible(name) && next.isRegistered(name);
    }

    @Override
    public ObjectInstance getObjectInstance(ObjectName name) throws InstanceNotFoundException {
        requireVisible(name);
        return next.getObjectInstance(name);
    }

    @Override
    public boolean isInstanceOf(ObjectName name, String className) throws InstanceNotFoundException {
        requireVisible(name);
        return next.isInstanceOf(name, className);
    }

    @Override
    public MBeanInfo getMBeanInfo(ObjectName name)
            throws InstanceNotFoundException, IntrospectionException, ReflectionException {
        requireVisible(name);
        return next.getMBeanInfo(name);
    }

    @Override
    public Object getAttribute(ObjectName name, String attribute)
            throws MBeanException, AttributeNotFoundException, InstanceNotFoundException, ReflectionException {
        requireVisible(name);
        return next.getAttribute(name, attribute);
    }

    @Override
    public AttributeList getAttributes(ObjectName name, String[] attributes)
            throws InstanceNotFoundException, ReflectionException {
        requireVisible(name);
        return next.getAttributes(name, attributes);
    }

    /** The connector unmarshals an operation's parameters with the class loader of the MBean it is for. */
    @Override
    public ClassLoader getClassLoaderFor(ObjectName name) throws InstanceNotFoundException {
        requireVisible(name);
        return next.getClassLoaderFor(name);
    }

    /** The connector asks for it once per client, to unmarshal what the client sends. */
    @Override
    public ClassLoaderRepository getClassLoaderRepository() {
        return next.getClassLoaderRepository();
    }

    // ---- operations: by role

    @Override
    public Object invoke(ObjectName name, String operationName, Object[] params, String[] signature)
            throws InstanceNotFoundException, MBeanException, ReflectionException {
        requireVisible(name);
        MBeanOperationInfo operation = operation(name, operationName, signature);
        if (operation != null) { // else the MBean has no such operation, and says so
            String user = CallerPrincipal.name();
            Role role = access.roleOf(user);
            String refusal = role == null ? "user '" + user + "' has no role in the access file " + access.file()
                    : InvokeRules.refusal(user, role, access, name, operation, target(name, operation, params));
            if (refusal != null) {
                LOG.info(() -> "bpfjmx: JMX connector refused: " + refusal);
                throw new SecurityException(refusal);
            }
        }
        return next.invoke(name, operationName, params, signature);
    }

    /** The operation of this name and signature in the MBean's info, or null when it has none. */
    private MBeanOperationInfo operation(ObjectName name, String operationName, String[] signature)
            throws InstanceNotFoundException, ReflectionException {
        MBeanOperationInfo[] declared = operations.get(name);
        if (declared == null) {
            try {
                declared = next.getMBeanInfo(name).getOperations();
            } catch (IntrospectionException e) {
                throw new ReflectionException(e, "cannot read the MBeanInfo of " + name);
            }
            operations.put(name, declared);
        }
        List<String> types = signature == null ? List.of() : Arrays.asList(signature);
        for (MBeanOperationInfo operation : declared) {
            if (operation.getName().equals(operationName) && Arrays.stream(operation.getSignature())
                    .map(MBeanParameterInfo::getType).toList().equals(types)) {
                return operation;
            }
        }
        return null;
    }

    /**
     * What a changing operation acts on: a map MBean's map; the map an object's operation names by its first
     * parameter, {@code mapName}, resolved as the object resolves it for exact names and sections; or the whole MBean.
     */
    private InvokeRules.Target target(ObjectName name, MBeanOperationInfo operation, Object[] params) {
        String type = BPFJMX_DOMAIN.equals(name.getDomain()) ? name.getKeyProperty("type") : null;
        if ("BpfMap".equals(type)) {
            return new InvokeRules.Target.OneMap(unquote(name.getKeyProperty("name")));
        }
        MBeanParameterInfo[] parameters = operation.getSignature();
        if ("BpfObject".equals(type) && parameters.length > 0 && parameters[0].getName().equals("mapName")) {
            return mapOf(name, params != null && params.length > 0 ? params[0] : null);
        }
        return new InvokeRules.Target.WholeMBean();
    }

    private InvokeRules.Target mapOf(ObjectName object, Object given) {
        List<String> maps;
        try {
            maps = next.queryNames(new ObjectName(BPFJMX_DOMAIN + ":type=BpfMap,object="
                    + object.getKeyProperty("name") + ",*"), null).stream()
                    .map(map -> unquote(map.getKeyProperty("name"))).sorted().toList();
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException("bpfjmx built an invalid pattern for the maps of " + object, e);
        }
        if (given instanceof String mapName) {
            if (maps.contains(mapName)) {
                return new InvokeRules.Target.OneMap(mapName);
            }
            if (MapNames.isGlobalSection(mapName)) {
                for (String map : maps) {
                    if (MapNames.names(mapName, map)) {
                        return new InvokeRules.Target.OneMap(map);
                    }
                }
            }
        }
        return new InvokeRules.Target.UnknownMap(String.valueOf(given), maps);
    }

    private static String unquote(String value) {
        return value.startsWith("\"") ? ObjectName.unquote(value) : value;
    }

    // ---- notifications: listener objects come only from inside this JVM (the connector's notification buffer)

    @Override
    public void addNotificationListener(ObjectName name, NotificationListener listener, NotificationFilter filter,
                                        Object handback) throws InstanceNotFoundException {
        requireVisibleOrDelegate(name);
        next.addNotificationListener(name, listener, filter, handback);
    }

    @Override
    public void removeNotificationListener(ObjectName name, NotificationListener listener)
            throws InstanceNotFoundException, ListenerNotFoundException {
        requireVisibleOrDelegate(name);
        next.removeNotificationListener(name, listener);
    }

    @Override
    public void removeNotificationListener(ObjectName name, NotificationListener listener, NotificationFilter filter,
                                           Object handback)
            throws InstanceNotFoundException, ListenerNotFoundException {
        requireVisibleOrDelegate(name);
        next.removeNotificationListener(name, listener, filter, handback);
    }

    private static void requireVisibleOrDelegate(ObjectName name) throws InstanceNotFoundException {
        if (!MBeanServerDelegate.DELEGATE_NAME.equals(name)) {
            requireVisible(name);
        }
    }

    /** An MBean as listener would receive notifications from code a client chose: refused. */
    @Override
    public void addNotificationListener(ObjectName name, ObjectName listener, NotificationFilter filter,
                                        Object handback) {
        throw refused("make an MBean listen to notifications");
    }

    @Override
    public void removeNotificationListener(ObjectName name, ObjectName listener) {
        throw refused("make an MBean listen to notifications");
    }

    @Override
    public void removeNotificationListener(ObjectName name, ObjectName listener, NotificationFilter filter,
                                           Object handback) {
        throw refused("make an MBean listen to notifications");
    }

    // ---- never through this connector

    @Override
    public void setAttribute(ObjectName name, Attribute attribute) {
        throw refused("set attributes (bpfjmx's MBeans have none to set: their operations change maps)");
    }

    @Override
    public AttributeList setAttributes(ObjectName name, AttributeList attributes) {
        throw refused("set attributes (bpfjmx's MBeans have none to set: their operations change maps)");
    }

    @Override
    public ObjectInstance createMBean(String className, ObjectName name) {
        throw refused("create MBeans");
    }

    @Override
    public ObjectInstance createMBean(String className, ObjectName name, ObjectName loaderName) {
        throw refused("create MBeans");
    }

    @Override
    public ObjectInstance createMBean(String className, ObjectName name, Object[] params, String[] signature) {
        throw refused("create MBeans");
    }

    @Override
    public ObjectInstance createMBean(String className, ObjectName name, ObjectName loaderName, Object[] params,
                                      String[] signature) {
        throw refused("create MBeans");
    }

    @Override
    public ObjectInstance registerMBean(Object object, ObjectName name) {
        throw refused("register MBeans");
    }

    @Override
    public void unregisterMBean(ObjectName name) {
        throw refused("unregister MBeans");
    }

    @Override
    public Object instantiate(String className) {
        throw refused("instantiate classes");
    }

    @Override
    public Object instantiate(String className, ObjectName loaderName) {
        throw refused("instantiate classes");
    }

    @Override
    public Object instantiate(String className, Object[] params, String[] signature) {
        throw refused("instantiate classes");
    }

    @Override
    public Object instantiate(String className, ObjectName loaderName, Object[] params, String[] signature) {
        throw refused("instantiate classes");
    }

    @Override
    public ClassLoader getClassLoader(ObjectName loaderName) {
        throw refused("reach class loaders");
    }

    private static SecurityException refused(String what) {
        return new SecurityException("bpfjmx's JMX connector does not " + what + "; user '" + CallerPrincipal.name()
                + "' was refused");
    }
}
