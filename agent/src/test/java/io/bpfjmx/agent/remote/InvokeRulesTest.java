package io.bpfjmx.agent.remote;

import static javax.management.MBeanOperationInfo.ACTION;
import static javax.management.MBeanOperationInfo.INFO;
import static javax.management.MBeanOperationInfo.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.agent.remote.InvokeRules.Target;
import java.nio.file.Path;
import java.util.List;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** Which role may invoke which operation: by the impact the MBean declares, and the map the operation changes. */
class InvokeRulesTest {
    private static final AccessFile ACCESS = AccessFile.parse(Path.of("/etc/app/bpfjmx.access"),
            "viewer read\nops write\nseeder write maps=hash_map:.data\n");
    private static final ObjectName OBJECT = name("io.bpfjmx:type=BpfObject,name=fixtures");
    private static final MBeanOperationInfo LOOKUP = operation("lookupElem", INFO);
    private static final MBeanOperationInfo UPDATE = operation("updateElem", ACTION);
    private static final MBeanOperationInfo RELOAD = operation("reload", ACTION);
    private static final Target HASH_MAP = new Target.OneMap("hash_map");
    private static final Target DATA = new Target.OneMap("fixtures.data");
    private static final Target LRU_HASH = new Target.OneMap("lru_hash");
    private static final Target WHOLE = new Target.WholeMBean();

    @Test
    void readsAreOpenToEveryRole() {
        for (String user : List.of("viewer", "ops", "seeder")) {
            assertThat(refusal(user, LOOKUP, LRU_HASH)).as(user).isNull();
        }
    }

    @Test
    void theReadRoleInvokesNothingElseWhateverTheImpact() {
        assertThat(refusal("viewer", UPDATE, HASH_MAP)).isEqualTo("user 'viewer' has the role 'read' in the access "
                + "file /etc/app/bpfjmx.access, which invokes only operations of impact INFO (reads); updateElem on "
                + "io.bpfjmx:type=BpfObject,name=fixtures has impact ACTION; give viewer the role 'write' (or 'write "
                + "maps=hash_map') in that file");
        assertThat(refusal("viewer", RELOAD, WHOLE)).endsWith("reload on io.bpfjmx:type=BpfObject,name=fixtures has "
                + "impact ACTION; give viewer the role 'write' in that file");
        assertThat(refusal("viewer", operation("objectName", UNKNOWN), WHOLE)).contains("has impact UNKNOWN");
        assertThat(refusal("viewer", operation("both", MBeanOperationInfo.ACTION_INFO), WHOLE))
                .contains("has impact ACTION_INFO");
    }

    @Test
    void theWriteRoleInvokesEverything() {
        assertThat(refusal("ops", UPDATE, LRU_HASH)).isNull();
        assertThat(refusal("ops", RELOAD, WHOLE)).isNull();
        assertThat(refusal("ops", UPDATE, new Target.UnknownMap("nope", List.of("hash_map")))).isNull();
    }

    @Test
    void aMapLimitedRoleChangesItsMapsOnly() {
        assertThat(refusal("seeder", UPDATE, HASH_MAP)).isNull();
        assertThat(refusal("seeder", UPDATE, DATA)).isNull();
        assertThat(refusal("seeder", UPDATE, LRU_HASH)).isEqualTo("user 'seeder' has the role 'write "
                + "maps=hash_map:.data' in the access file /etc/app/bpfjmx.access, which may not change the map "
                + "'lru_hash' (updateElem on io.bpfjmx:type=BpfObject,name=fixtures); add lru_hash to its maps= in "
                + "that file, e.g. 'seeder write maps=hash_map:.data:lru_hash'");
        assertThat(refusal("seeder", RELOAD, WHOLE)).isEqualTo("user 'seeder' has the role 'write "
                + "maps=hash_map:.data' in the access file /etc/app/bpfjmx.access, which may not invoke reload on "
                + "io.bpfjmx:type=BpfObject,name=fixtures: it acts on the whole MBean, not on one of the maps "
                + "hash_map:.data; give seeder the role 'write' in that file");
        assertThat(refusal("seeder", UPDATE, new Target.UnknownMap("hash_ma", List.of("hash_map", "lru_hash"))))
                .isEqualTo("user 'seeder' has the role 'write maps=hash_map:.data' in the access file "
                        + "/etc/app/bpfjmx.access, which changes only the maps it names: 'hash_ma' (updateElem on "
                        + "io.bpfjmx:type=BpfObject,name=fixtures) names none of the object's maps exactly (hash_map, "
                        + "lru_hash); name the map as the Maps attribute shows it");
    }

    private static String refusal(String user, MBeanOperationInfo operation, Target target) {
        return InvokeRules.refusal(user, ACCESS.roleOf(user), ACCESS, OBJECT, operation, target);
    }

    private static MBeanOperationInfo operation(String name, int impact) {
        return new MBeanOperationInfo(name, name, new MBeanParameterInfo[0], "void", impact);
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
