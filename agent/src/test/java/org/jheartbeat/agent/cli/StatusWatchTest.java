package org.jheartbeat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.control.ClusterStates;
import org.jheartbeat.agent.control.ControlServer;
import org.jheartbeat.agent.control.FixedAgent;
import org.jheartbeat.agent.control.RequestHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hbctl status --watch redraws in place and follows the cluster as it changes, until interrupted. */
class StatusWatchTest {

    @TempDir
    Path dir;

    @Test
    void watchRedrawsTheCurrentStateInPlace() throws Exception {
        ClusterConfig config = ClusterStates.reference(dir);
        FixedAgent agent = new FixedAgent(config, ClusterStates.referenceRunning(config));
        Path socket = dir.resolve("control.sock");
        StringWriter screen = new StringWriter();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (ControlServer server = ControlServer.open(socket, new RequestHandler(agent))) {
            Thread watch = new Thread(() -> {
                try {
                    new StatusRun("text", true, 0.05, socket).run(new PrintWriter(screen, true),
                            new PrintWriter(new StringWriter(), true));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            watch.start();
            awaitScreen(screen, "Online: [ master slave ]");
            agent.show(ClusterStates.referenceSlaveDead(config));
            awaitScreen(screen, "OFFLINE: [ slave ]");
            watch.interrupt();
            watch.join(5000);
            assertThat(watch.isAlive()).as("watch ends when interrupted").isFalse();
        }
        assertThat(failure.get()).isNull();
        String last = screen.toString().substring(screen.toString().lastIndexOf("\033[H\033[2J"));
        assertThat(last).as("each redraw starts by clearing the screen, tabs expanded for the terminal")
                .contains("OFFLINE: [ slave ]").doesNotContain("\t");
        int columns = TerminalWidth.current().columns();
        assertThat(last.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(columns + 8));
    }

    @Test
    void longLinesAreCutToTheTerminalWidth() {
        assertThat(new TerminalWidth(20).fit("short\n" + "x".repeat(30) + "\n\tTab")).isEqualTo("short\n"
                + "x".repeat(20) + "\n  Tab\n");
    }

    private static void awaitScreen(StringWriter screen, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!screen.toString().contains(expected)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the watch never showed '" + expected + "':\n" + screen);
            }
            Thread.sleep(20);
        }
    }
}
