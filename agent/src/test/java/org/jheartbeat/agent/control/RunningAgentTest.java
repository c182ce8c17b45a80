package org.jheartbeat.agent.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent a lock file names counts only while that process runs the agent (the live agent: packaging's tests). */
class RunningAgentTest {

    @TempDir
    Path run;

    @Test
    void theLockIsBesideTheControlSocket() {
        assertThat(RunningAgent.lockFile(run.resolve("control.sock"))).isEqualTo(run.resolve("agent.lock"));
    }

    @Test
    void noLockFileNoAgent() {
        assertThat(RunningAgent.of(run.resolve("control.sock"))).isEmpty();
    }

    @Test
    void aLiveProcessThatIsNotTheAgentIsNoAgent() throws IOException {
        Files.writeString(run.resolve("agent.lock"), ProcessHandle.current().pid() + "\n");

        assertThat(RunningAgent.of(run.resolve("control.sock"))).isEmpty();
    }

    @Test
    void aLockFileWithoutAProcessIdIsNoAgent() throws IOException {
        Files.writeString(run.resolve("agent.lock"), "");

        assertThat(RunningAgent.of(run.resolve("control.sock"))).isEmpty();
    }

    @Test
    void theGuardsReleaseIsNoAgent() {
        assertThat(RunningAgent.isRelease("java -cp lib/* org.jheartbeat.agent.daemon.Daemon --release")).isTrue();
        assertThat(RunningAgent.isRelease("java -cp lib/* org.jheartbeat.agent.daemon.Daemon --node a")).isFalse();
    }
}
