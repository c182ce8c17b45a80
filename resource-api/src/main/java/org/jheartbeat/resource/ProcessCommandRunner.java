package org.jheartbeat.resource;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tools as real processes: each in a process group of its own (through {@code setsid}) so that a
 * timeout kills everything it spawned, with a clean environment, stdin from {@code /dev/null}, and output
 * captured up to a bound.
 *
 * <p>Init scripts often leave a daemon holding the script's stdout. Waiting for end-of-file would then hang
 * forever, so once the tool itself has exited the runner waits only briefly for the rest of its output and
 * leaves the pipe to be drained in the background.
 */
public final class ProcessCommandRunner implements CommandRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessCommandRunner.class);

    /** Per stream; enough for any tool's status output, small enough to keep a runaway tool harmless. */
    public static final int OUTPUT_LIMIT_BYTES = 64 * 1024;

    private static final Map<String, String> BASE_ENVIRONMENT = Map.of(
            "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "LANG", "C",
            "LC_ALL", "C");

    private static final Duration TERM_GRACE = Duration.ofSeconds(1);
    private static final Duration OUTPUT_GRACE = Duration.ofMillis(300);
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Path KILL = Path.of("/bin/kill");

    private final ExecutorService readers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "command-output");
        thread.setDaemon(true);
        return thread;
    });
    private final boolean ownProcessGroup = Files.isExecutable(SETSID);

    @Override
    public CommandResult run(Command command) {
        long startNanos = System.nanoTime();
        Process process = start(command);
        OutputSink stdout = drain(process.getInputStream());
        OutputSink stderr = drain(process.getErrorStream());

        boolean timedOut = !waitFor(process, command.timeout());
        if (timedOut) {
            terminate(process);
        }
        stdout.awaitEnd(OUTPUT_GRACE);
        stderr.awaitEnd(OUTPUT_GRACE);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        int exitCode = timedOut ? -1 : process.exitValue();
        CommandResult result = new CommandResult(command, exitCode, stdout.text(), stderr.text(), elapsed,
                timedOut, stdout.truncated() || stderr.truncated());
        LOG.debug("ran {} -> {} in {} ms", command.display(),
                timedOut ? "timed out" : "exit " + exitCode, elapsed.toMillis());
        return result;
    }

    private Process start(Command command) {
        List<String> argv = new ArrayList<>();
        if (ownProcessGroup) {
            argv.add(SETSID.toString());
        }
        // Resolved here because behind setsid a missing tool would only show as an exit status.
        argv.add(executable(command).toString());
        argv.addAll(command.argv().subList(1, command.argv().size()));
        ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(new File("/dev/null"));
        Map<String, String> environment = builder.environment();
        environment.clear();
        Map<String, String> merged = new LinkedHashMap<>(BASE_ENVIRONMENT);
        merged.putAll(command.environment());
        environment.putAll(merged);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.display() + ": " + e.getMessage(), e);
        }
    }

    private static Path executable(Command command) {
        String tool = command.argv().get(0);
        return locate(tool).orElseThrow(() -> new UncheckedIOException(new IOException("cannot run "
                + command.display() + ": " + (tool.contains("/") ? tool + " does not exist or is not executable"
                : tool + " not found in " + BASE_ENVIRONMENT.get("PATH")))));
    }

    /**
     * Where this runner finds {@code tool}: the path itself when it has a slash, else the first executable of that
     * name in the PATH the runner gives every command. Empty when the tool is not installed.
     */
    public static Optional<Path> locate(String tool) {
        List<Path> candidates = tool.contains("/") ? List.of(Path.of(tool))
                : Arrays.stream(BASE_ENVIRONMENT.get("PATH").split(":")).map(directory -> Path.of(directory, tool))
                        .toList();
        return candidates.stream().filter(path -> Files.isExecutable(path) && !Files.isDirectory(path)).findFirst();
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** TERM to the whole group, then KILL to whatever is left after a grace period. */
    private void terminate(Process process) {
        signalGroup(process, "TERM");
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!waitFor(process, TERM_GRACE)) {
            signalGroup(process, "KILL");
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            waitFor(process, TERM_GRACE);
        }
        if (ownProcessGroup) {
            // Children that outlived the leader are still in its group.
            signalGroup(process, "KILL");
        }
    }

    private void signalGroup(Process process, String signal) {
        if (!ownProcessGroup) {
            return;
        }
        try {
            Process kill = new ProcessBuilder(KILL.toString(), "-s", signal, "--", "-" + process.pid())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.waitFor(TERM_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            LOG.warn("cannot signal process group {}: {}", process.pid(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private OutputSink drain(InputStream stream) {
        OutputSink sink = new OutputSink();
        readers.execute(() -> sink.drain(stream));
        return sink;
    }

    /**
     * Keeps the first {@link #OUTPUT_LIMIT_BYTES} of a stream and drops the rest, so that what a tool said is
     * available even while a daemon it left behind still holds the pipe open.
     */
    private static final class OutputSink {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final CountDownLatch ended = new CountDownLatch(1);
        private boolean truncated;

        void drain(InputStream stream) {
            byte[] buffer = new byte[8192];
            try (stream) {
                int read;
                while ((read = stream.read(buffer)) >= 0) {
                    append(buffer, read);
                }
            } catch (IOException e) {
                // The process is gone and took the pipe with it; what was read so far is kept.
            } finally {
                ended.countDown();
            }
        }

        private synchronized void append(byte[] buffer, int length) {
            int room = OUTPUT_LIMIT_BYTES - kept.size();
            if (length > room) {
                truncated = true;
            }
            kept.write(buffer, 0, Math.min(length, room));
        }

        void awaitEnd(Duration grace) {
            try {
                ended.await(grace.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        synchronized String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }

        synchronized boolean truncated() {
            return truncated;
        }
    }
}
