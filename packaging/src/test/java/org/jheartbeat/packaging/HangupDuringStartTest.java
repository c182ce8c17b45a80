package org.jheartbeat.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * heartbeat's reload is SIGHUP (heartbeat -r, the init script's reload), which may come at any moment of an agent's
 * start: the fault lab saw an agent end on one (the JVM's own answer to a SIGHUP nobody handles is to exit, running
 * the shutdown hooks, so the agent stopped its groups once started). Here the package's agent gets a SIGHUP every
 * 20 ms from its first log line until its group runs. Before its main method, while the JVM itself starts (about a
 * tenth of a second), a SIGHUP still ends it, as one ends the launcher's shell before that: the JVM takes no handler
 * for a signal it was started ignoring, so nothing can be set up earlier.
 */
class HangupDuringStartTest {

    @TempDir
    Path scratch;

    @Test
    void aSighupAtAnyMomentOfTheStartNeitherEndsTheAgentNorIsLost() throws Exception {
        // A process started with SIGHUP ignored (nohup) passes that on, and a JVM takes no handler for it then.
        String ignored = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("SigIgn:")).findFirst().orElseThrow().split("\\s+")[1];
        assumeTrue((Long.parseLong(ignored, 16) & 1) == 0, "SIGHUP is ignored in this build's process (nohup?), so "
                + "in the agent it starts too: the agent logs that a SIGHUP reloads nothing there");
        LoopbackAgent started = LoopbackAgent.start(scratch, BuiltPackage.extractTo(scratch.resolve("root")));
        try {
            Process agent = started.agent();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            int sent = 0;
            while (!Files.exists(started.marker()) && agent.isAlive() && System.nanoTime() < deadline) {
                if (Files.size(started.log()) > 0) {
                    BuiltPackage.run("kill", "-HUP", Long.toString(agent.pid()));
                    sent++;
                }
                Thread.sleep(20);
            }
            assertThat(sent).as("SIGHUPs sent while it started").isPositive();
            assertThat(agent.isAlive()).as(started.logText()).isTrue();
            assertThat(started.awaitGroupRunning(Duration.ofSeconds(30))).as(started.logText()).isTrue();
            while (!started.logText().contains("Configuration unchanged.") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(started.logText()).as("the reload asked during the start, made once it runs")
                    .contains("SIGHUP during the start: reading the configuration files again")
                    .contains("Configuration unchanged.");
        } finally {
            started.stop();
        }
    }
}
