package org.jheartbeat.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jheartbeat.agent.config.Respawn;
import org.jheartbeat.agent.config.SourceLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RespawnerTest {

    private static Respawn program(Path dir, String script) throws Exception {
        Path file = Files.writeString(dir.resolve("program"), "#!/bin/sh\necho run >> " + dir.resolve("runs") + "\n"
                + script + "\n");
        file.toFile().setExecutable(true);
        return new Respawn("root", List.of(file.toString()), SourceLocation.wholeFile(dir.resolve("ha.cf")));
    }

    private static void awaitRuns(Path dir, long count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (runs(dir) < count) {
            assertThat(System.nanoTime()).as("%d runs within 30 s", count).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static long runs(Path dir) throws Exception {
        Path runs = dir.resolve("runs");
        return Files.exists(runs) ? Files.readAllLines(runs).size() : 0;
    }

    @Test
    void aProgramThatExitsIsStartedAgainAtMostOncePerSecond(@TempDir Path dir) throws Exception {
        long started = System.nanoTime();
        long thirdRun;
        try (Respawner respawner = new Respawner(List.of(program(dir, "exit 1")), false)) {
            respawner.start();
            awaitRuns(dir, 3);
            thirdRun = System.nanoTime();
        }
        // a loaded machine only makes the runs later: the pause between them is the property, not the count per second
        assertThat(Duration.ofNanos(thirdRun - started)).isGreaterThanOrEqualTo(Respawner.MIN_RESTART_DELAY.multipliedBy(2));
    }

    @Test
    void exitCode100MeansDoNotRespawn(@TempDir Path dir) throws Exception {
        try (Respawner respawner = new Respawner(List.of(program(dir, "exit 100")), false)) {
            respawner.start();
            Thread.sleep(Respawner.MIN_RESTART_DELAY.multipliedBy(3).toMillis());
        }
        assertThat(runs(dir)).isEqualTo(1);
    }

    @Test
    void closingStopsTheRunningProgram(@TempDir Path dir) throws Exception {
        Respawner respawner = new Respawner(List.of(program(dir, "echo $$ > " + dir.resolve("pid") + "; exec sleep 60")),
                false);
        respawner.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(dir.resolve("pid")) || !Files.readString(dir.resolve("pid")).endsWith("\n")) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(20);
        }
        long pid = Long.parseLong(Files.readString(dir.resolve("pid")).strip());
        Optional<ProcessHandle> program = ProcessHandle.of(pid);
        respawner.close();
        // Waits for the exit itself: a fixed pause before looking was too short on a loaded machine.
        if (program.isPresent()) {
            program.get().onExit().get(30, TimeUnit.SECONDS);
        }
        assertThat(runs(dir)).isEqualTo(1);
    }
}
