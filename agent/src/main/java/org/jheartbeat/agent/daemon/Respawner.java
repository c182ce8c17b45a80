package org.jheartbeat.agent.daemon;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jheartbeat.agent.config.Respawn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ha.cf's {@code respawn USER PROGRAM ARGS}: runs each program as its user for as long as the agent runs, and
 * starts it again when it exits, unless it exits with 100 (heartbeat's "do not respawn me"). A program that
 * keeps dying is restarted at most once per {@link #MIN_RESTART_DELAY}, so a broken one cannot spin.
 */
final class Respawner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Respawner.class);
    static final int DO_NOT_RESPAWN = 100;
    static final Duration MIN_RESTART_DELAY = Duration.ofSeconds(1);

    private final List<Respawn> programs;
    private final boolean switchUser;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "respawn");
        thread.setDaemon(true);
        return thread;
    });
    private final ConcurrentHashMap<Respawn, Process> running = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** @param switchUser whether to run programs as their user (the agent runs as root); tests run them as is */
    Respawner(List<Respawn> programs, boolean switchUser) {
        this.programs = List.copyOf(programs);
        this.switchUser = switchUser;
    }

    void start() {
        programs.forEach(program -> scheduler.execute(() -> launch(program)));
    }

    private void launch(Respawn program) {
        if (closed) {
            return;
        }
        List<String> argv = new ArrayList<>();
        if (switchUser) {
            argv.addAll(List.of("/usr/sbin/runuser", "-u", program.user(), "--"));
        }
        argv.addAll(program.command());
        long startedAt = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectInput(new File("/dev/null"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            LOG.error("respawn {}: cannot start: {}; trying again in {} s", program.command(), e.getMessage(),
                    MIN_RESTART_DELAY.toSeconds());
            scheduler.schedule(() -> launch(program), MIN_RESTART_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        running.put(program, process);
        if (closed) {
            // close() came after the check above and may have missed this process
            process.destroy();
            return;
        }
        LOG.info("respawn {} started as {} (pid {})", program.command(), program.user(), process.pid());
        process.onExit().thenAccept(exited -> {
            running.remove(program, exited);
            if (closed) {
                return;
            }
            int code = exited.exitValue();
            if (code == DO_NOT_RESPAWN) {
                LOG.info("respawn {} exited with {}: not started again", program.command(), code);
                return;
            }
            long ranMillis = (System.nanoTime() - startedAt) / 1_000_000;
            long delay = Math.max(0, MIN_RESTART_DELAY.toMillis() - ranMillis);
            LOG.warn("respawn {} exited with {} after {} ms: starting it again", program.command(), code, ranMillis);
            scheduler.schedule(() -> launch(program), delay, TimeUnit.MILLISECONDS);
        });
    }

    /** Stops every program this respawner started, by PID. */
    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        running.values().forEach(Process::destroy);
    }
}
