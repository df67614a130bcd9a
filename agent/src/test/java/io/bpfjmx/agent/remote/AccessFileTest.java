package io.bpfjmx.agent.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The access file's lines and the roles they give. */
class AccessFileTest {
    private static final Path FILE = Path.of("/etc/app/bpfjmx.access");

    @Test
    void readsTheThreeKindsOfRoleWithCommentsAndBlankLines() {
        AccessFile access = AccessFile.parse(FILE, """
                # who may do what
                viewer read

                ops    write
                ! the JDK's other comment mark
                seeder write maps=hash_map:.data
                """);
        assertThat(access.roleOf("viewer")).isEqualTo(Role.READ);
        assertThat(access.roleOf("ops")).isEqualTo(Role.WRITE);
        assertThat(access.roleOf("seeder")).isEqualTo(new Role(true, List.of("hash_map", ".data")));
        assertThat(access.roleOf("seeder")).hasToString("write maps=hash_map:.data");
        assertThat(access.roleOf("nobody")).isNull();
        assertThat(access.file()).isEqualTo(FILE);
    }

    @Test
    void aRoleOtherThanTheThreeIsNamedWithItsUserAndTheFile() {
        assertThatThrownBy(() -> AccessFile.parse(FILE, "ops readwrite\n"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("the access file /etc/app/bpfjmx.access (agent option jmxAccessFile) gives user 'ops' the "
                        + "role 'readwrite' is not one of read, write, or write maps=<map>:<map> (map names as the "
                        + "Maps attribute shows them, or .data/.bss/.rodata)");
        assertThatThrownBy(() -> AccessFile.parse(FILE, "ops write maps=\n")).hasMessageContaining("'write maps='");
        assertThatThrownBy(() -> AccessFile.parse(FILE, "ops write hash_map\n"))
                .hasMessageContaining("'write hash_map'");
        assertThatThrownBy(() -> AccessFile.parse(FILE, "ops\n")).hasMessageContaining("the role ''");
        assertThatThrownBy(() -> AccessFile.parse(FILE, "ops read write\n")).hasMessageContaining("'read write'");
    }

    @Test
    void aFileWithoutUsersIsRefused() {
        assertThatThrownBy(() -> AccessFile.parse(FILE, "# nobody yet\n"))
                .hasMessage("the access file /etc/app/bpfjmx.access (agent option jmxAccessFile) gives no user a role; "
                        + "write lines like 'ops write' or 'viewer read'");
    }

    @Test
    void aMapLimitedRoleChangesOnlyItsMapsByTheirNamesOrSections() {
        Role seeder = Role.parse("write maps=hash_map:.data");
        assertThat(seeder.mayChange("hash_map")).isTrue();
        assertThat(seeder.mayChange("fixtures.data")).as(".data names the object's .data").isTrue();
        assertThat(seeder.mayChange("lru_hash")).isFalse();
        assertThat(seeder.mayChange("fixtures.bss")).isFalse();
        assertThat(seeder.mayChange("hash_map2")).isFalse();
        assertThat(seeder.mayChangeAnything()).isFalse();
        assertThat(Role.WRITE.mayChange("lru_hash")).isTrue();
        assertThat(Role.WRITE.mayChangeAnything()).isTrue();
        assertThat(Role.READ.mayChange("hash_map")).isFalse();
        assertThat(Role.READ.mayChangeAnything()).isFalse();
    }
}
