package io.bpfjmx.agent;

import io.bpfjmx.agent.audit.AuditTrails;
import io.bpfjmx.agent.options.AgentOptions;
import io.bpfjmx.agent.options.MapSpec;
import io.bpfjmx.agent.system.BpfSystemMBean;
import io.bpfjmx.agent.system.SystemView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;

/**
 * What the agent shows of the BPF the JVM did not load: the maps of the agent option {@code map}, one object per
 * kind ({@link ForeignObjectManager}: {@code pinned}, {@code id}, {@code name}), and, with {@code system=true}, the
 * host's maps and programs ({@code io.bpfjmx:type=BpfSystem}, {@link SystemView}).
 */
final class ForeignObjects {
    static final String SYSTEM_NAME = Agent.DOMAIN + ":type=BpfSystem";
    private static final Logger LOG = Logger.getLogger(ForeignObjects.class.getName());

    private final Map<MapSpec.Kind, ForeignObjectManager> kinds = new ConcurrentHashMap<>();
    private final AuditTrails audits;

    /** @param audits the agent's audit trails, for the objects' audit */
    ForeignObjects(AuditTrails audits) {
        this.audits = audits;
    }

    /** Whether {@code objectName} is the object of the maps of one kind of the agent option {@code map}. */
    boolean claims(String objectName) {
        return kinds.keySet().stream().anyMatch(kind -> kind.key().equals(objectName));
    }

    /**
     * Runs on the loader thread: opens the maps {@code options} name and registers their MBeans; registers the
     * BpfSystem MBean if asked. Never throws for a map that cannot be opened: each kind's Status says why.
     *
     * @return the kinds whose Status is not READY, with it, for {@code failOnError}
     */
    List<String> open(AgentOptions options, OperationMetrics metrics, MBeanServer server) throws JMException {
        Map<MapSpec.Kind, List<MapSpec>> byKind = new LinkedHashMap<>();
        for (MapSpec spec : options.maps()) {
            byKind.computeIfAbsent(spec.kind(), kind -> new ArrayList<>()).add(spec);
        }
        List<String> failures = new ArrayList<>();
        for (Map.Entry<MapSpec.Kind, List<MapSpec>> specs : byKind.entrySet()) {
            ForeignObjectManager object = objectOf(specs.getKey(), options, metrics, server);
            if (object == null) {
                failures.add("object '" + specs.getKey().key() + "' is taken");
                continue;
            }
            object.open(specs.getValue(), options);
            if (!object.getStatus().equals("READY")) {
                failures.add("object '" + object.getName() + "' is " + object.getStatus());
            }
        }
        if (options.system()) {
            ObjectName name = objectName(SYSTEM_NAME);
            if (!server.isRegistered(name)) {
                server.registerMBean(new DescribedMBean<>(new SystemView(() -> new AgentLibbpf(options).load()),
                        BpfSystemMBean.class, SystemView.DESCRIPTIONS, new NotificationBroadcasterSupport()), name);
                LOG.info("bpfjmx: " + SYSTEM_NAME + " shows the host's maps and programs (agent option system=true)");
            }
        }
        return failures;
    }

    /**
     * The object of one kind, registered on first use; null when a loaded object has its name (a file
     * {@code pinned.bpf.o}), which is logged.
     */
    private ForeignObjectManager objectOf(MapSpec.Kind kind, AgentOptions options, OperationMetrics metrics,
                                          MBeanServer server) throws JMException {
        ForeignObjectManager object = kinds.get(kind);
        if (object != null) {
            return object;
        }
        ObjectName name = Agent.objectName(kind.key(), null);
        if (server.isRegistered(name)) {
            LOG.warning("bpfjmx: maps of the agent option map=" + kind.key() + ":... not opened: the loaded object '"
                    + kind.key() + "' has the MBean " + name + "; give its file another name");
            return null;
        }
        object = new ForeignObjectManager(kind, server, metrics, options, audits);
        server.registerMBean(new DescribedMBean<>(object, BpfObjectMBean.class, ForeignObjectManager.DESCRIPTIONS,
                object.emitter()), name);
        kinds.put(kind, object);
        return object;
    }

    /** At JVM shutdown: closes bpfjmx's file descriptors of the maps, which stay (pins included). */
    void close() {
        kinds.values().forEach(ForeignObjectManager::close);
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("bpfjmx built an invalid MBean name " + name, e);
        }
    }
}
