package io.bpfjmx.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.lang.management.ManagementFactory;
import java.lang.management.PlatformLoggingMXBean;
import java.security.PrivilegedAction;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXPrincipal;
import javax.security.auth.Subject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every write, whatever its outcome, is one audit record and one notification from the object's MBean and one
 * from the map's, naming the caller's principal, the map, the keys, the values, the flags and the outcome.
 */
@RequiresBpf
class AuditTest {
    private final AuditRecords audit = new AuditRecords();
    private final List<String> records = audit.messages();
    private final List<Notification> objectNotifications = new CopyOnWriteArrayList<>();
    private final List<Notification> mapNotifications = new CopyOnWriteArrayList<>();
    private ManagedFixtures fixtures;

    @BeforeEach
    void listen() {
        audit.start();
    }

    @AfterEach
    void close() {
        audit.stop();
        fixtures.close();
    }

    @Test
    void aWriteNamesTheCallersPrincipalTheMapTheKeyTheValueTheFlagsAndTheOutcome() throws Exception {
        BpfObjectManager object = load("attach=false", "hash_map");
        asUser("auditor", () -> object.updateElem("hash_map", "07000000", "2a00000000000000", 1));
        assertThatThrownBy(() -> asUser("auditor", () -> object.updateElem("hash_map", "07000000", "2a00000000000000",
                1))).isInstanceOf(IllegalStateException.class);

        String line = "principal=auditor object=fixtures map=hash_map operation=update key=07000000 "
                + "value=2a00000000000000 flags=1 outcome=";
        assertThat(records).containsExactly("bpfjmx audit: " + line + "success reason=none",
                "bpfjmx audit: " + line + "failed reason=EEXIST");
        assertThat(objectNotifications).extracting(Notification::getMessage)
                .containsExactly(line + "success reason=none", line + "failed reason=EEXIST");
        Notification first = objectNotifications.get(0);
        assertThat(first.getType()).isEqualTo("bpfjmx.map.update");
        assertThat(first.getSource()).isEqualTo(new ObjectName("io.bpfjmx:type=BpfObject,name=fixtures"));
        assertThat(first.getSequenceNumber()).isEqualTo(1);
        CompositeData data = (CompositeData) first.getUserData();
        assertThat(data.getAll(new String[] {"principal", "object", "map", "operation", "valuesOmitted", "flags",
            "outcome", "reason"})).containsExactly("auditor", "fixtures", "hash_map", "update", false, 1L, "success",
                "none");
        assertThat((String[]) data.get("keys")).containsExactly("07000000");
        assertThat((String[]) data.get("values")).containsExactly("2a00000000000000");
        assertThat(mapNotifications).extracting(Notification::getSource).containsOnly(
                new ObjectName("io.bpfjmx:type=BpfMap,object=fixtures,name=hash_map"));
        assertThat(mapNotifications).extracting(Notification::getMessage)
                .containsExactlyElementsOf(objectNotifications.stream().map(Notification::getMessage).toList());
    }

    @Test
    void deletesBatchesRefusalsAndUnknownMapsAreAuditedTooAndReadsAreNot() {
        BpfObjectManager object = load("attach=false", "lru_hash");
        object.updateBatch("lru_hash", new String[] {"01000000", "02000000"},
                new String[] {"0100000000000000", "0200000000000000"}, 0);
        object.deleteElem("lru_hash", "01000000");
        object.lookupElem("lru_hash", "02000000");
        assertThatThrownBy(() -> object.deleteElem("lru_hash", "0100")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> object.updateElem("nope", "01000000", "01", 0))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(records).containsExactly(
                "bpfjmx audit: principal=(none) object=fixtures map=lru_hash operation=update_batch "
                        + "keys=[01000000, 02000000] values=[0100000000000000, 0200000000000000] flags=0 "
                        + "applied=2/2 outcome=success reason=none",
                "bpfjmx audit: principal=(none) object=fixtures map=lru_hash operation=delete key=01000000 "
                        + "outcome=success reason=none",
                "bpfjmx audit: principal=(none) object=fixtures map=lru_hash operation=delete key=0100 "
                        + "outcome=rejected reason=key_size",
                "bpfjmx audit: principal=(none) object=fixtures map=nope operation=update key=01000000 value=01 "
                        + "flags=0 outcome=rejected reason=unknown_map");
        assertThat(objectNotifications).extracting(Notification::getType).containsExactly("bpfjmx.map.update_batch",
                "bpfjmx.map.delete", "bpfjmx.map.delete", "bpfjmx.map.update");
        assertThat(mapNotifications).as("the unknown map has no MBean to announce it").hasSize(3);
        assertThat(((CompositeData) objectNotifications.get(1).getUserData()).get("flags")).isNull();
        assertThat(((CompositeData) objectNotifications.get(0).getUserData()).get("applied")).isEqualTo(2);
        assertThat(((CompositeData) objectNotifications.get(1).getUserData()).get("applied")).isNull();
    }

    @Test
    void typedWritesAreAuditedWithTheJsonAsGivenAndTheirOperation() {
        BpfObjectManager object = load("attach=false", "lpm_trie");
        object.update("lpm_trie", "{\"prefixlen\":24,\"addr\":[10,0,0,0]}", "7", 0);
        assertThatThrownBy(() -> object.update("lpm_trie", "{\"prefixlen\":24}", "7", 0))
                .isInstanceOf(IllegalArgumentException.class);
        object.delete("lpm_trie", "{\"prefixlen\":24,\"addr\":[10,0,0,0]}");

        String key = "\"{\\\"prefixlen\\\":24,\\\"addr\\\":[10,0,0,0]}\"";
        assertThat(records).containsExactly(
                "bpfjmx audit: principal=(none) object=fixtures map=lpm_trie operation=update key=" + key
                        + " value=7 flags=0 outcome=success reason=none",
                "bpfjmx audit: principal=(none) object=fixtures map=lpm_trie operation=update "
                        + "key=\"{\\\"prefixlen\\\":24}\" value=7 flags=0 outcome=rejected reason=typed_value",
                "bpfjmx audit: principal=(none) object=fixtures map=lpm_trie operation=delete key=" + key
                        + " outcome=success reason=none");
        assertThat(objectNotifications).extracting(Notification::getType).containsExactly("bpfjmx.map.update",
                "bpfjmx.map.update", "bpfjmx.map.delete");
    }

    @Test
    void auditValuesFalseLeavesValuesOut() {
        BpfObjectManager object = load("attach=false,auditValues=false", "hash_map");
        object.updateElem("hash_map", "08000000", "2a00000000000000", 0);
        assertThat(records).containsExactly("bpfjmx audit: principal=(none) object=fixtures map=hash_map "
                + "operation=update key=08000000 value=(omitted: auditValues=false) flags=0 outcome=success "
                + "reason=none");
        CompositeData data = (CompositeData) objectNotifications.get(0).getUserData();
        assertThat((String[]) data.get("values")).isEmpty();
        assertThat(data.get("valuesOmitted")).isEqualTo(true);
    }

    @Test
    void aLoggerLevelThatAJmxClientCanSetDoesNotSwitchTheAuditOff() {
        BpfObjectManager object = load("attach=false", "hash_map");
        PlatformLoggingMXBean logging = ManagementFactory.getPlatformMXBean(PlatformLoggingMXBean.class);
        logging.setLoggerLevel(Audit.LOGGER, "OFF");
        try {
            object.updateElem("hash_map", "09000000", "2a00000000000000", 0);
        } finally {
            logging.setLoggerLevel(Audit.LOGGER, null);
        }
        assertThat(records).containsExactly("bpfjmx audit: principal=(none) object=fixtures map=hash_map "
                + "operation=update key=09000000 value=2a00000000000000 flags=0 outcome=success reason=none");
    }

    @Test
    void theAgentOptionAuditFalseSwitchesTheLogOffButNotTheNotifications() {
        BpfObjectManager object = load("attach=false,audit=false", "hash_map");
        object.updateElem("hash_map", "0a000000", "2a00000000000000", 0);
        assertThat(records).isEmpty();
        assertThat(objectNotifications).hasSize(1);
    }

    @Test
    void callerTextCannotForgeSplitOrFloodARecord() {
        BpfObjectManager object = load("attach=false", "hash_map");
        String forged = "01\nbpfjmx audit: principal=admin outcome=success \"x\"";
        assertThatThrownBy(() -> object.updateElem("hash_map", forged, "00", 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> object.updateElem("hash_map", "01000000", "ab".repeat(3000), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(records.get(0)).isEqualTo("bpfjmx audit: principal=(none) object=fixtures map=hash_map "
                + "operation=update key=\"01\\u000abpfjmx audit: principal=admin outcome=success \\\"x\\\"\" value=00 "
                + "flags=0 outcome=rejected reason=bad_argument");
        String cut = "ab".repeat(2048) + "...(1904 more chars)";
        assertThat(records.get(1)).contains(" value=\"" + cut + "\" flags=0 outcome=rejected reason=bad_argument");
        assertThat((String[]) ((CompositeData) objectNotifications.get(1).getUserData()).get("values"))
                .containsExactly(cut);
    }

    private BpfObjectManager load(String options, String map) {
        fixtures = new ManagedFixtures(options);
        fixtures.manager().emitter().addNotificationListener((n, handback) -> objectNotifications.add(n), null, null);
        fixtures.mapEmitter(map).addNotificationListener((n, handback) -> mapNotifications.add(n), null, null);
        return fixtures.manager();
    }

    /** Runs {@code write} as an authenticated JMX connection runs an operation: with the user's subject. */
    @SuppressWarnings("removal") // Subject.doAs: what the JMX connector of JDK 17 does; JDK 18+ finds it too
    private static void asUser(String user, Runnable write) {
        Subject subject = new Subject(true, Set.of(new JMXPrincipal(user)), Set.of(), Set.of());
        Subject.doAs(subject, (PrivilegedAction<Void>) () -> {
            write.run();
            return null;
        });
    }
}
