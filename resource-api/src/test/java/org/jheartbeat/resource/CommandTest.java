package org.jheartbeat.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandTest {

    private static final Duration T = Duration.ofSeconds(1);

    @Test
    void displaysAsAPersonWouldTypeIt() {
        assertThat(Command.of(T, "ip", "addr", "add", "10.0.0.1/24", "dev", "eth0").display())
                .isEqualTo("ip addr add 10.0.0.1/24 dev eth0");
        assertThat(Command.of(T, "sh", "-c", "echo 'hi'").display()).isEqualTo("sh -c 'echo '\\''hi'\\'''");
    }

    @Test
    void neverDisplaysASecretWhereverItStands() {
        Command command = Command.of(T, "tgtadm", "--op", "new", "--user", "alice", "--password", "s3cret!")
                .withSecret("s3cret!");
        Command embedded = Command.of(T, "ietadm", "--params=IncomingUser=alice,Password=s3cret!").withSecret("s3cret!");

        assertThat(command.display()).isEqualTo("tgtadm --op new --user alice --password '****'")
                .doesNotContain("s3cret");
        assertThat(embedded.display()).doesNotContain("s3cret").contains("Password=****");
        assertThat(new CommandResult(command, 1, "", "error", Duration.ZERO, false, false).describe())
                .doesNotContain("s3cret");
    }

    @Test
    void keepsItsSecretsWhenRunThroughAnotherArgv() {
        Command command = Command.of(T, "targetcli", "set", "auth", "password=pw").withSecret("pw");

        assertThat(command.withArgv(List.of("nsenter", "-t", "1", "targetcli", "set", "auth", "password=pw")).display())
                .isEqualTo("nsenter -t 1 targetcli set auth 'password=****'");
    }

    @Test
    void refusesAnEmptySecret() {
        assertThatThrownBy(() -> Command.of(T, "true").withSecret("")).isInstanceOf(IllegalArgumentException.class);
    }
}
