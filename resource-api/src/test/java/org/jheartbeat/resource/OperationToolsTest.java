package org.jheartbeat.resource;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jheartbeat.resource.OperationResult.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The toolkit's rules with real processes: sh, sleep and a tool that does not exist. */
class OperationToolsTest {

    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
    private static final String FAILING = "echo first words; echo second >&2; echo third >&2; exit 4";

    private final List<Command> ran = new ArrayList<>();
    private final ProcessCommandRunner processes = new ProcessCommandRunner();
    private final OperationTools tools = new OperationTools("Test::r1", command -> {
        ran.add(command);
        return processes.run(command);
    });
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(OperationTools.class);

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(log);
    }

    private List<String> logLines() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static OperationResult abortOf(ThrowingCall call) {
        try {
            call.run();
        } catch (OperationAbort abort) {
            return abort.result();
        }
        throw new AssertionError("expected the operation to end");
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws OperationAbort;
    }

    @Test
    void aRequiredStepThatFailsEndsTheOperationWithOneLineAndLogsEverythingTheToolSaid() {
        OperationResult result = abortOf(() -> tools.require(Deadline.after(TEN_SECONDS), "sh", "-c", FAILING));

        assertThat(result).isEqualTo(OperationResult.failed("sh -c '" + FAILING.replace("'", "'\\''")
                + "' exited 4: second"));
        assertThat(logLines()).singleElement().asString()
                .startsWith("Test::r1: sh -c ")
                .endsWith(" exited 4 (stdout: first words; stderr: second | third)");
    }

    @Test
    void runAndCompleteHandBackAFailedToolForTheCallerToReadWithoutLogging() throws Exception {
        CommandResult ran = tools.run(Deadline.after(TEN_SECONDS), "sh", "-c", FAILING);
        CommandResult completed = tools.complete(Deadline.after(TEN_SECONDS), List.of("sh", "-c", FAILING));

        assertThat(List.of(ran.exitCode(), completed.exitCode())).containsExactly(4, 4);
        assertThat(logLines()).isEmpty();
    }

    @Test
    void aToolKilledAtTheDeadlineIsAResultForRunAndTimedOutForCompleteAndRequire() throws Exception {
        Duration shortTime = Duration.ofMillis(300);

        CommandResult killed = tools.run(Deadline.after(shortTime), "sleep", "30");
        OperationResult completed = abortOf(() -> tools.complete(Deadline.after(shortTime), List.of("sleep", "30")));
        OperationResult required = abortOf(() -> tools.require(Deadline.after(shortTime), "sleep", "30"));

        assertThat(killed.timedOut()).isTrue();
        assertThat(completed.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(completed.reason()).startsWith("sleep 30 timed out after ");
        assertThat(required.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(logLines()).hasSize(2).allMatch(line -> line.endsWith("(no output)"));
    }

    @Test
    void aCommandCapBoundsEachCommandAndACommandsOwnTimeoutReplacesTheCap() throws Exception {
        OperationTools capped = tools.withCommandCap(Duration.ofMillis(200));

        CommandResult killed = capped.run(Deadline.after(TEN_SECONDS), "sleep", "30");
        capped.run(Deadline.after(TEN_SECONDS), Command.of(Duration.ofSeconds(3), "true"));
        capped.run(Deadline.after(Duration.ofMillis(100)), Command.of(Duration.ofSeconds(3), "true"));

        assertThat(killed.timedOut()).isTrue();
        assertThat(ran).extracting(Command::timeout).first().isEqualTo(Duration.ofMillis(200));
        assertThat(ran.get(1).timeout()).isLessThanOrEqualTo(Duration.ofSeconds(3)).isGreaterThan(Duration.ofSeconds(2));
        assertThat(ran.get(2).timeout()).isLessThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aMissingToolIsNotInstalledAndNoTimeLeftIsTimedOutBeforeAnythingRuns() {
        OperationResult missing = abortOf(() -> tools.run(Deadline.after(TEN_SECONDS), "no-such-tool-here", "-x"));
        OperationResult late = abortOf(() -> tools.require(Deadline.after(Duration.ZERO), "true"));

        assertThat(missing.outcome()).isEqualTo(Outcome.NOT_INSTALLED);
        assertThat(missing.reason()).isEqualTo("cannot run no-such-tool-here -x: no-such-tool-here not found in "
                + "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        assertThat(late).isEqualTo(OperationResult.timedOut("no time left to run true"));
        assertThat(ran).extracting(Command::display).containsExactly("no-such-tool-here -x");
    }

    @Test
    void aProbeSucceedsOnlyForAnInstalledToolThatExitsZero() throws Exception {
        Deadline deadline = Deadline.after(TEN_SECONDS);

        assertThat(tools.succeeds(deadline, List.of("true"))).isTrue();
        assertThat(tools.succeeds(deadline, List.of("false"))).isFalse();
        assertThat(tools.succeeds(deadline, List.of("no-such-tool-here"))).isFalse();
        assertThat(abortOf(() -> tools.succeeds(Deadline.after(Duration.ofMillis(200)), List.of("sleep", "30")))
                .outcome()).isEqualTo(Outcome.TIMED_OUT);
    }

    @Test
    void theLoggedOutputMasksTheCommandsSecrets() {
        Command echoing = tools.command(List.of("sh", "-c", "echo password=hunter2 rejected >&2; exit 1"))
                .withSecret("hunter2");

        OperationResult result = abortOf(() -> tools.require(Deadline.after(TEN_SECONDS), echoing));

        assertThat(result.reason()).doesNotContain("hunter2").endsWith("exited 1: password=**** rejected");
        assertThat(logLines()).singleElement().asString().doesNotContain("hunter2")
                .endsWith("(stderr: password=**** rejected)");
    }

    @Test
    void aPauseNeverOutlastsTheDeadlineAndAnInterruptedOneEndsTheOperation() throws Exception {
        long started = System.nanoTime();
        Deadline deadline = Deadline.after(Duration.ofMillis(50));

        assertThat(OperationTools.pause(deadline, TEN_SECONDS)).isTrue();
        assertThat(OperationTools.pause(deadline, TEN_SECONDS)).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TEN_SECONDS);

        Thread.currentThread().interrupt();
        OperationResult interrupted = abortOf(() -> OperationTools.pause(Deadline.after(TEN_SECONDS), TEN_SECONDS));
        assertThat(Thread.interrupted()).as("interrupt kept for the caller").isTrue();
        assertThat(interrupted).isEqualTo(OperationResult.failed("interrupted while waiting"));
    }
}
