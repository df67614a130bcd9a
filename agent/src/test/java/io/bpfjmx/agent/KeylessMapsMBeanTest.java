package io.bpfjmx.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Maps without keys ({@code keyless.bpf.o}) through the MBeans' operations: queues and stacks take push, pop and
 * peek, a bloom filter push and peek with a value, and every other operation is refused with what to use instead.
 */
@RequiresBpf
class KeylessMapsMBeanTest {
    private ManagedFixtures keyless;
    private BpfObjectManager object;

    @BeforeEach
    void load() {
        keyless = new ManagedFixtures(BpfObjects.keyless(), "attach=false");
        object = keyless.manager();
    }

    @AfterEach
    void close() {
        keyless.close();
    }

    @Test
    void aQueuePopsInOrderAndAStackInReverse() {
        object.push("queue", "0100000000000000", 0);
        object.push("queue", "0200000000000000", 0);
        object.push("stack", "0100000000000000", 0);
        object.push("stack", "0200000000000000", 0);

        assertThat(object.peek("queue", "")).isEqualTo("0100000000000000");
        assertThat(object.pop("queue")).isEqualTo("0100000000000000");
        assertThat(object.pop("queue")).isEqualTo("0200000000000000");
        assertThat(object.pop("queue")).as("empty").isNull();
        assertThat(object.pop("stack")).isEqualTo("0200000000000000");
        assertThat(keyless.count("queue", "push", "success", "none")).isEqualTo(2);
        assertThat(keyless.count("queue", "pop", "success", "none")).isEqualTo(3);
    }

    @Test
    void pushesAndPopsAreAuditedLikeEveryWrite() {
        AuditRecords audit = new AuditRecords();
        audit.start();
        try {
            object.push("queue", "0700000000000000", 0);
            object.pop("queue");
        } finally {
            audit.stop();
        }
        assertThat(audit.messages()).containsExactly(
                "bpfjmx audit: principal=(none) object=keyless map=queue operation=push value=0700000000000000 "
                        + "flags=0 outcome=success reason=none",
                "bpfjmx audit: principal=(none) object=keyless map=queue operation=pop outcome=success reason=none");
    }

    @Test
    void aBloomFilterAnswersWhetherItMayHoldAValue() {
        object.push("bloom", "2a000000", 0);
        assertThat(object.peek("bloom", "2a000000")).isEqualTo("true");
        assertThat(object.peek("bloom", "2b000000")).isIn("false", "true"); // a false positive is allowed
    }

    @Test
    void entryCountOfAMapWithoutKeysIsMinusOne() {
        BpfMapManager queue = new BpfMapManager("keyless", keyless.operations("queue"));
        assertThat(queue.getEntryCount()).isEqualTo(-1);
    }

    @Test
    void keyedOperationsAreRefusedWithWhatToUseInstead() {
        assertThatThrownBy(() -> object.updateElem("queue", "", "0100000000000000", 0))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("queue");
        assertThatThrownBy(() -> object.update("queue", "1", "1", 0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("update of map 'queue' refused: a QUEUE has no keys");
        assertThatThrownBy(() -> object.dump("stack", 10))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("dump of map 'stack' refused: a STACK has no keys");
        assertThatThrownBy(() -> object.dumpMap("stack", 10))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("stack");
        assertThatThrownBy(() -> object.push("ringbuf", "01", 0))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("ringbuf");
    }
}
