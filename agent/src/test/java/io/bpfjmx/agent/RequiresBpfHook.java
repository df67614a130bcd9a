package io.bpfjmx.agent;

import io.bpfjmx.libbpf.LibBpfLibrary;
import io.bpfjmx.libbpf.testing.BpfPrivileges;
import java.util.Optional;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * {@link io.bpfjmx.libbpf.testing.RequiresBpf} for jqwik properties (jqwik's engine runs no Jupiter extensions):
 * without the right to create BPF maps the container is skipped with the reason printed, unless
 * {@code bpfjmx.requirePrivileges=true}, where it runs and fails on the kernel's refusal.
 */
public final class RequiresBpfHook implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        Optional<String> problem = LibBpfLibrary.privilegeProblem();
        if (problem.isEmpty() || Boolean.getBoolean(BpfPrivileges.REQUIRE_PROPERTY)) {
            return SkipResult.doNotSkip();
        }
        System.out.println("skipped: not privileged: " + context.label() + ": " + problem.get());
        return SkipResult.skip("not privileged: " + problem.get());
    }
}
