package io.bpfjmx.libbpf.testing;

import io.bpfjmx.libbpf.LibBpfLibrary;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The check behind {@link RequiresBpf}: skip with a printed reason, or fail when privileges are required. */
public final class BpfPrivileges implements BeforeAllCallback {
    public static final String REQUIRE_PROPERTY = "bpfjmx.requirePrivileges";

    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<String> problem = LibBpfLibrary.privilegeProblem();
        if (problem.isEmpty()) {
            return;
        }
        String test = context.getDisplayName();
        if (Boolean.getBoolean(REQUIRE_PROPERTY)) {
            throw new AssertionError(test + " needs BPF privileges and " + REQUIRE_PROPERTY
                    + "=true forbids skipping: " + problem.get());
        }
        System.out.println("skipped: not privileged: " + test + ": " + problem.get());
        Assumptions.assumeTrue(problem.isEmpty(), "not privileged: " + problem.get());
    }
}
