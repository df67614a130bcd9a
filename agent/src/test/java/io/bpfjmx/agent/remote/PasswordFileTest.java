package io.bpfjmx.agent.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The password file, in the format of the JDK's jmxremote.password. */
class PasswordFileTest {
    private static final Path FILE = Path.of("/etc/app/bpfjmx.password");

    @Test
    void matchesEachUsersOwnPasswordOnly() {
        PasswordFile passwords = PasswordFile.parse(FILE, "# users\nops s3cret\nviewer v1ew with spaces\n");
        assertThat(passwords.matches("ops", "s3cret")).isTrue();
        assertThat(passwords.matches("viewer", "v1ew with spaces")).isTrue();
        assertThat(passwords.matches("ops", "v1ew with spaces")).isFalse();
        assertThat(passwords.matches("ops", "s3cre")).isFalse();
        assertThat(passwords.matches("ops", "s3crett")).isFalse();
        assertThat(passwords.matches("ops", "")).isFalse();
        assertThat(passwords.matches("root", "s3cret")).isFalse();
        assertThat(passwords.has("viewer")).isTrue();
        assertThat(passwords.has("root")).isFalse();
    }

    @Test
    void anUnknownUserDoesNotMatchTheEmptyPassword() {
        assertThat(PasswordFile.parse(FILE, "ops s3cret\n").matches("root", "")).isFalse();
    }

    @Test
    void aFileWithoutUsersIsRefused() {
        assertThatThrownBy(() -> PasswordFile.parse(FILE, "\n# none\n"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("the password file /etc/app/bpfjmx.password (agent option jmxPasswordFile) names no user; "
                        + "write lines like 'ops s3cret'");
    }
}
