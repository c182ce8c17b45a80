package org.jheartbeat.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's one agent: the lock is another process's while that process lives, and free the instant it ends. */
class AgentLockTest {

    @TempDir
    Path dir;

    /** Takes the lock named by its argument, says so, and holds it until its standard input closes. */
    public static void main(String[] args) throws Exception {
        AgentLock lock = AgentLock.take(Path.of(args[0]));
        System.out.println("locked");
        System.out.flush();
        while (System.in.read() >= 0) {
            // held until the test closes our input, or kills us
        }
        Reference.reachabilityFence(lock);
    }

    @Test
    void aSecondAgentIsRefusedWithTheHoldersProcessIdAndGetsTheLockOnceTheHolderIsKilled() throws Exception {
        Path file = AgentLock.file(dir.resolve("run/control.sock"));
        assertThat(file).isEqualTo(dir.resolve("run").resolve("agent.lock"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                AgentLockTest.class.getName(), file.toString())).redirectErrorStream(true).start();
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(said.readLine()).isEqualTo("locked");

            assertThatThrownBy(() -> AgentLock.take(file)).isInstanceOf(AgentLock.HeldException.class)
                    .hasMessageContaining("(process " + holder.pid() + ")").hasMessageContaining(file.toString());

            holder.destroyForcibly();
            assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
            AgentLock mine = AgentLock.take(file);
            assertThatThrownBy(() -> AgentLock.take(file)).as("held by this process now")
                    .isInstanceOf(java.nio.channels.OverlappingFileLockException.class);
            Reference.reachabilityFence(mine);
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aReleaseHoldingTheLockIsNamedAsSuch() throws Exception {
        Path file = AgentLock.file(dir.resolve("run/control.sock"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process release = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                AgentLockTest.class.getName(), file.toString(), "--release")).redirectErrorStream(true).start();
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(release.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(said.readLine()).isEqualTo("locked");
            assertThatThrownBy(() -> AgentLock.take(file)).isInstanceOf(AgentLock.HeldException.class)
                    .hasMessageStartingWith("the guard's release of a previous agent's groups (process "
                            + release.pid() + ") runs on this node");
        } finally {
            release.destroyForcibly();
        }
    }
}
