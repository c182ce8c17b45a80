package org.jheartbeat.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCommandRunnerTest {

    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void capturesExitCodeAndBothStreams() {
        CommandResult result = runner.run(Command.of(TEN_SECONDS, "sh", "-c", "echo out; echo err >&2; exit 3"));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
        assertThat(result.succeeded()).isFalse();
        assertThat(result.describe()).isEqualTo("sh -c 'echo out; echo err >&2; exit 3' exited 3: err");
    }

    @Test
    void passesArgumentsVerbatimWithoutAShell() {
        CommandResult result = runner.run(Command.of(TEN_SECONDS, "printf", "%s|", "a b", "$HOME", "'q'"));

        assertThat(result.stdout()).isEqualTo("a b|$HOME|'q'|");
    }

    @Test
    void startsFromACleanEnvironmentPlusWhatTheCommandAdds() {
        CommandResult result = runner.run(Command.of(TEN_SECONDS, "env")
                .withEnvironment(Map.of("OCF_RESKEY_ip", "10.0.0.1")));

        assertThat(result.stdout().lines())
                .containsExactlyInAnyOrder("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                        "LANG=C", "LC_ALL=C", "OCF_RESKEY_ip=10.0.0.1");
    }

    @Test
    void timeoutKillsTheWholeProcessGroup(@TempDir Path dir) throws Exception {
        Path childPid = dir.resolve("child.pid");
        CommandResult result = runner.run(Command.of(Duration.ofMillis(500), "sh", "-c",
                "sleep 60 & echo $! > " + childPid + "; wait"));

        assertThat(result.timedOut()).as("timed out").isTrue();
        assertThat(result.exitCode()).isEqualTo(-1);
        long pid = Long.parseLong(Files.readString(childPid).strip());
        assertThat(awaitGone(pid)).as("background child %d killed with its parent", pid).isTrue();
    }

    @Test
    void doesNotWaitForADaemonThatKeepsTheOutputPipe(@TempDir Path dir) throws Exception {
        Path daemonPid = dir.resolve("daemon.pid");
        long start = System.nanoTime();
        CommandResult result = runner.run(Command.of(TEN_SECONDS, "sh", "-c",
                "echo starting; setsid sleep 30 & echo $! > " + daemonPid));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        try {
            assertThat(result.exitCode()).isZero();
            assertThat(result.stdout()).isEqualTo("starting\n");
            assertThat(elapsedMillis).as("returned long before the daemon's 30 s").isLessThan(10_000);
        } finally {
            ProcessHandle.of(Long.parseLong(Files.readString(daemonPid).strip())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void boundsCapturedOutput() {
        CommandResult result = runner.run(Command.of(TEN_SECONDS, "sh", "-c", "head -c 1000000 /dev/zero | tr '\\0' x"));

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).hasSize(ProcessCommandRunner.OUTPUT_LIMIT_BYTES);
        assertThat(result.truncated()).isTrue();
    }

    @Test
    void missingToolIsAnErrorNamingIt() {
        assertThatThrownBy(() -> runner.run(Command.of(TEN_SECONDS, "/nonexistent/tool", "start")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("/nonexistent/tool");
        assertThatThrownBy(() -> runner.run(Command.of(TEN_SECONDS, "no-such-tool-on-path")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("no-such-tool-on-path")
                .hasMessageContaining("not found");
    }

    private static boolean awaitGone(long pid) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            if (ProcessHandle.of(pid).map(ph -> !ph.isAlive()).orElse(true)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
