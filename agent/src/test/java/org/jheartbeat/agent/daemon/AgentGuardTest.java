package org.jheartbeat.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent started while the guard of the agent before it releases that agent's groups waits for the release to end
 * (what the guard announces in {@value AgentGuard#RELEASING} beside the lock), and only for a release that still runs.
 */
class AgentGuardTest {

    @TempDir
    Path dir;

    @Test
    void anAgentWaitsForTheReleaseUnderWayAndIsToldWhy() throws Exception {
        // A guard stand-in: its command line names the guard, and it runs until its input closes.
        Process release = new ProcessBuilder("sh", "-c", "read line", AgentGuard.GUARD_SCRIPT).start();
        try {
            Files.writeString(dir.resolve(AgentGuard.RELEASING), release.pid() + "\n");
            List<String> told = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> start = CompletableFuture.runAsync(() -> {
                try {
                    AgentGuard.awaitRelease(dir, told::add);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(AgentGuard.releaseUnderWay(dir).map(ProcessHandle::pid)).contains(release.pid());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (told.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(start).as("waiting while the release runs").isNotDone();
            release.getOutputStream().close();
            start.get(30, TimeUnit.SECONDS);
            assertThat(release.isAlive()).as("the wait ended with the release").isFalse();
            assertThat(told).first().asString().isEqualTo("a release of the previous agent's groups by its guard "
                    + "(process " + release.pid() + ") is under way: waiting for it to end before starting");
        } finally {
            release.destroyForcibly();
        }
    }

    @Test
    void noWaitWithoutAReleaseRunning() throws Exception {
        List<String> told = new CopyOnWriteArrayList<>();
        AgentGuard.awaitRelease(dir, told::add);
        Files.writeString(dir.resolve(AgentGuard.RELEASING), "garbage\n");
        AgentGuard.awaitRelease(dir, told::add);
        Process ended = new ProcessBuilder("true", AgentGuard.GUARD_SCRIPT).start();
        ended.waitFor();
        Files.writeString(dir.resolve(AgentGuard.RELEASING), ended.pid() + "\n");
        AgentGuard.awaitRelease(dir, told::add);
        Files.writeString(dir.resolve(AgentGuard.RELEASING), ProcessHandle.current().pid() + "\n");
        assertThat(AgentGuard.releaseUnderWay(dir)).as("a live process that is no guard (its id reused)").isEmpty();
        assertThat(told).isEmpty();
    }

    @Test
    void aReloadsAddressesReachTheGuardBeforeTheAgentsLastWord() throws Exception {
        Path word = Files.writeString(dir.resolve("told"), "");
        Path script = Files.writeString(dir.resolve("guard"), "#!/bin/sh\nexec cat > '" + word + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        AgentGuard guard = AgentGuard.start(Optional.of(script), dir, Set.of(address("10.0.0.5")), List.of())
                .orElseThrow();
        guard.releases(Set.of(address("10.0.0.5")));
        guard.releases(Set.of(address("10.0.0.9"), address("10.0.0.5")));
        guard.releases(Set.of(address("10.0.0.9")));
        guard.stopped();
        guard.releases(Set.of());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(word).endsWith("stopped\n") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(Files.readAllLines(word)).as("no line for an unchanged list, none after the last word")
                .containsExactly("addresses 10.0.0.5,10.0.0.9", "addresses 10.0.0.9", "stopped");
    }

    private static InetAddress address(String literal) {
        return InetAddresses.forString(literal);
    }
}
