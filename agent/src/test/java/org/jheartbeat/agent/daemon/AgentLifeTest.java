package org.jheartbeat.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.plugins.Plugins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop at any moment of an agent's start-up (issue 21): the agent has claimed what a restart in place left running
 * (the marker beside its lock) and is still probing it when SIGTERM comes. A real agent (wired as the daemon wires it,
 * over loopback towards a peer that never comes) with one resource.d script, {@code held}, already running as the
 * previous agent left it; its status waits until the test lets it answer, which holds the start-up between the claim
 * and the adoption. The guard is a script that writes down the word it is told.
 */
class AgentLifeTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private Path running;
    private Path answer;
    private Path calls;
    private Path word;
    private Path runDirectory;
    private Optional<AgentGuard> guard;

    @BeforeEach
    void paths() throws Exception {
        running = dir.resolve("held.running");
        answer = dir.resolve("held.answer");
        calls = Files.writeString(dir.resolve("held.calls"), "");
    }

    @AfterEach
    void endTheGuard() {
        ProcessHandle.current().children().filter(child -> child.info().commandLine()
                .filter(line -> line.contains(dir.toString())).isPresent()).forEach(ProcessHandle::destroy);
    }

    @Test
    void aStopDuringTheStartUpStopsWhatTheClaimTookOverOnceItIsAdopted() throws Exception {
        AgentLife life = lifeOfAnAgentLeftARestart();
        CompletableFuture<NodeAgent> started = CompletableFuture.supplyAsync(() -> {
            try {
                return life.start(this::assemble);
            } catch (NodeAgent.StartupException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(awaitTrue(() -> Files.readAllLines(calls).contains("status"))).as("the start-up probes held")
                .isTrue();
        assertThat(runDirectory.resolve(RestartInPlace.MARKER)).as("claimed").doesNotExist();

        CompletableFuture<Void> stop = CompletableFuture.runAsync(life::stop);
        // Time for a stop that does not wait for the start-up to end before it stops what the agent holds.
        assertThat(awaitTrue(stop::isDone, Duration.ofSeconds(1))).as("the stop waits for the start-up").isFalse();
        Files.createFile(answer);
        stop.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(started).isCompleted();
        assertThat(running).as("held stopped by the stop").doesNotExist();
        assertThat(Files.readAllLines(calls)).endsWith("stop");
        assertThat(awaitTrue(() -> Files.readString(word).equals("stopped\n"))).as("the guard is told").isTrue();
    }

    @Test
    void aStartThatFailsAfterTheClaimStopsWhatItAdoptedAndLeavesTheRestToTheGuard() throws Exception {
        Files.createFile(answer);
        Path notADirectory = Files.writeString(dir.resolve("file"), "");
        AgentLife life = lifeOfAnAgentLeftARestart("jheartbeat.control-socket = \"" + notADirectory.resolve("sock")
                + "\"\n");

        assertThatThrownBy(() -> life.start(this::assemble)).isInstanceOf(NodeAgent.StartupException.class)
                .hasMessageContaining("cannot open the control socket");
        life.stop();

        assertThat(running).as("held, adopted, stopped").doesNotExist();
        assertThat(awaitTrue(() -> !Files.readString(word).isEmpty(), Duration.ofSeconds(1)))
                .as("no word to the guard: it releases what the claim took over once this process ends").isFalse();
    }

    private AgentLife lifeOfAnAgentLeftARestart() throws Exception {
        return lifeOfAnAgentLeftARestart("");
    }

    private AgentLife lifeOfAnAgentLeftARestart(String settings) throws Exception {
        Path script = dir.resolve("ha.d/resource.d/held");
        Files.createDirectories(script.getParent());
        Files.writeString(script, """
                #!/bin/sh
                for action; do :; done
                echo "$action" >> '%s'
                case $action in
                  start) touch '%s';;
                  stop) rm -f '%s';;
                  status) waited=0
                          while [ ! -e '%s' ] && [ $waited -lt 1200 ]; do sleep 0.05; waited=$((waited + 1)); done
                          if [ -e '%s' ]; then echo "held is running"; else echo "held is not running"; fi;;
                esac
                exit 0
                """.formatted(calls, running, running, answer, running));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createFile(running);
        runDirectory = Files.createDirectories(dir.resolve("run"));
        Files.writeString(runDirectory.resolve(RestartInPlace.MARKER), "1\n");
        word = dir.resolve("guard.word");
        Path guardScript = dir.resolve("guard");
        Files.writeString(guardScript, "#!/bin/sh\nexec cat > '" + word + "'\n");
        Files.setPosixFilePermissions(guardScript, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(word, "");
        guard = AgentGuard.start(Optional.of(guardScript), runDirectory, Set.of(), List.of());
        LoopbackAgentFiles.write(dir, ThreadLocalRandom.current().nextInt(20_000, 40_000), "alpha held\n", settings);
        return new AgentLife(new RestartInPlace(runDirectory), guard,
                ServiceNotifier.fromEnvironment(Map.of(), ProcessHandle.current().pid()), Duration.ofSeconds(30));
    }

    private NodeAgent assemble() {
        try {
            ClusterConfig config = LoopbackAgentFiles.load(dir);
            return NodeAgent.assemble(config, Plugins.discover(getClass().getClassLoader()), NodeEnvironment.machine());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static boolean awaitTrue(Check check) throws Exception {
        return awaitTrue(check, WAIT);
    }

    private static boolean awaitTrue(Check check, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
