package org.jheartbeat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Clock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
        try (ControlServer server = ControlServer.open(socket, new RequestHandler(agent,
                new RelayedCommands(Clock.systemUTC())))) {
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
    void anErrorStaysOnTheScreenUntilTheNextRedraw() throws Exception {
        StringWriter screen = new StringWriter();
        Thread watch = new Thread(() -> {
            try {
                new StatusRun("text", true, 0.05, dir.resolve("nobody-listens.sock")).run(
                        new PrintWriter(screen, true), new PrintWriter(new StringWriter(), true));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        watch.start();
        awaitScreen(screen, "asking again every 0.05 s");
        watch.interrupt();
        watch.join(5000);

        String last = screen.toString().substring(screen.toString().lastIndexOf("\033[H\033[2J"));
        assertThat(last).as("the reason is drawn after the screen is cleared")
                .contains("jheartbeat is not running on this machine");
    }

    /**
     * hbctl status -w in a real terminal (script(1)'s pseudo-terminal, set to 30 columns with stty) cuts its lines to
     * the terminal's width, which it asks the kernel for: $COLUMNS, which shells do not export, says 200 here.
     */
    @Test
    void watchTakesTheTerminalsRealWidth() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")) && Files.isExecutable(Path.of("/usr/bin/stty")),
                "needs script and stty (util-linux, coreutils)");
        ClusterConfig config = ClusterStates.reference(dir);
        Path socket = dir.resolve("control.sock");
        try (ControlServer server = ControlServer.open(socket, new RequestHandler(new FixedAgent(config,
                ClusterStates.referenceRunning(config)), new RelayedCommands(Clock.systemUTC())))) {
            String hbctl = "stty cols 30 rows 40; exec " + Path.of(System.getProperty("java.home"), "bin", "java")
                    + " -cp " + System.getProperty("java.class.path") + " org.jheartbeat.agent.cli.Hbctl status -w -i 0.2"
                    + " --socket " + socket;
            ProcessBuilder builder = new ProcessBuilder("script", "-qfec", hbctl, "/dev/null")
                    .redirectErrorStream(true);
            builder.environment().put("COLUMNS", "200");
            Process terminal = builder.start();
            StringBuffer screen = new StringBuffer();
            Thread reader = new Thread(() -> {
                try {
                    terminal.getInputStream().transferTo(new java.io.OutputStream() {
                        @Override
                        public void write(int b) {
                            screen.append((char) b);
                        }
                    });
                } catch (IOException e) {
                    screen.append("\n(read failed: ").append(e.getMessage()).append(")");
                }
            });
            reader.start();
            try {
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (screen.toString().split("\033\\[H\033\\[2J", -1).length < 3
                        || !screen.toString().contains("Online")) {
                    assertThat(System.nanoTime()).as("two redraws within a minute:\n" + screen).isLessThan(deadline);
                    assertThat(terminal.isAlive()).as("hbctl still watching:\n" + screen).isTrue();
                    Thread.sleep(50);
                }
            } finally {
                terminal.descendants().forEach(ProcessHandle::destroy);
                terminal.destroy();
                terminal.waitFor(10, TimeUnit.SECONDS);
            }
            String[] redraws = screen.toString().replace("\r", "").split("\033\\[H\033\\[2J");
            String complete = redraws[redraws.length - 2];
            assertThat(complete).contains("Online");
            assertThat(complete.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(30));
            assertThat(complete.lines().mapToInt(String::length).max().orElse(0)).isEqualTo(30);
        }
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
