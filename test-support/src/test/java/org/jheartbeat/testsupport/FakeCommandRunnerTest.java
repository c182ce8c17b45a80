package org.jheartbeat.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.jheartbeat.resource.Command;
import org.junit.jupiter.api.Test;

class FakeCommandRunnerTest {

    private static final Duration T = Duration.ofSeconds(1);
    private final FakeCommandRunner runner = new FakeCommandRunner();

    @Test
    void answersInTurnThenRepeatsTheLastAnswer() {
        runner.on("drbdadm", "primary").answer(11, "", "peer is primary").answer(0, "");

        assertThat(runner.run(Command.of(T, "drbdadm", "primary", "r0")).exitCode()).isEqualTo(11);
        assertThat(runner.run(Command.of(T, "drbdadm", "primary", "r0")).exitCode()).isZero();
        assertThat(runner.run(Command.of(T, "drbdadm", "primary", "r0")).exitCode()).isZero();
        assertThat(runner.commandLines()).containsExactly("drbdadm primary r0", "drbdadm primary r0", "drbdadm primary r0");
    }

    @Test
    void laterRuleWinsOverEarlierForTheSameCommand() {
        runner.on("ip").answer(1, "");
        runner.on("ip", "addr").answer(0, "ok");

        assertThat(runner.run(Command.of(T, "ip", "addr", "show")).stdout()).isEqualTo("ok");
        assertThat(runner.run(Command.of(T, "ip", "link")).exitCode()).isEqualTo(1);
    }

    @Test
    void unexpectedCommandFailsTheTest() {
        runner.on("ip").answer(0, "");

        assertThatThrownBy(() -> runner.run(Command.of(T, "mount", "/dev/sda1", "/data")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("unexpected command: mount /dev/sda1 /data");
    }

    @Test
    void timeOutAnswerLooksLikeAKilledCommand() {
        runner.on("umount").timeOut();

        var result = runner.run(Command.of(T, "umount", "/data"));
        assertThat(result.timedOut()).isTrue();
        assertThat(result.succeeded()).isFalse();
    }
}
