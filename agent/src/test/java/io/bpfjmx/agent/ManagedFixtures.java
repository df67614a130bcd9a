package io.bpfjmx.agent;

import io.bpfjmx.agent.options.AgentOptions;
import io.bpfjmx.libbpf.testing.BpfObjects;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;

/**
 * The fixtures object ({@code bpf/fixtures.bpf.o}), or another committed object, loaded by a
 * {@link BpfObjectManager} of its own, with the agent options given, outside any MBean server: the MBeans'
 * implementation, called directly, with its own meters.
 */
final class ManagedFixtures implements AutoCloseable {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BpfObjectManager manager;
    private final Map<String, MapOperations> maps;

    /** {@code options}: agent options besides {@code object}, e.g. {@code readOnly=true}, or empty. */
    ManagedFixtures(String options) {
        this(BpfObjects.fixtures(), options);
    }

    /** {@code object}: a committed object other than the fixtures, e.g. {@code BpfObjects.path("names.bpf.o")}. */
    ManagedFixtures(Path object, String options) {
        AgentOptions parsed = AgentOptions.parse("object=" + object + "," + options);
        manager = new BpfObjectManager(parsed.objects().get(0), new OperationMetrics(registry), parsed);
        maps = manager.load(WritePolicy.of(parsed));
        manager.publish(manager.attach(parsed.attach()));
    }

    BpfObjectManager manager() {
        return manager;
    }

    /** What the MBean of map {@code name} would emit. */
    AuditEmitter mapEmitter(String name) {
        return maps.get(name).emitter();
    }

    /** The operations of map {@code name}, as its MBean calls them. */
    MapOperations operations(String name) {
        return maps.get(name);
    }

    /** {@code bpfjmx.map.operations} of these tags so far. */
    long count(String map, String operation, String outcome, String reason) {
        FunctionCounter counter = registry.find(OperationMetrics.OPERATIONS).tags("map", map, "operation", operation,
                "outcome", outcome, "reason", reason).functionCounter();
        return counter == null ? 0 : (long) counter.count();
    }

    /** {@code bpfjmx.map.batch.elements} of these tags so far. */
    long elements(String map, String outcome, String reason) {
        FunctionCounter counter = registry.find("bpfjmx.map.batch.elements").tags("map", map, "outcome", outcome,
                "reason", reason).functionCounter();
        return counter == null ? 0 : (long) counter.count();
    }

    /** {@code bpfjmx.map.operation.duration} of these tags, or null before its first operation. */
    FunctionTimer timer(String map, String operation, String outcome) {
        return registry.find(OperationMetrics.DURATION).tags("map", map, "operation", operation, "outcome", outcome)
                .functionTimer();
    }

    @Override
    public void close() {
        manager.close();
    }
}
