package io.bpfjmx.libbpf.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks tests that need the real kernel and the right to create BPF maps. Without that right they are skipped
 * with the reason printed, unless {@code -Dbpfjmx.requirePrivileges=true} (set by {@code .ci/run}), which turns
 * the skip into a failure so CI can never pass without having run them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(BpfPrivileges.class)
public @interface RequiresBpf {
}
