package org.jheartbeat.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Background CPU load for a benchmark: one spinning shell per core (at the agents' own priority), so the agents
 * compete for CPU as on a busy server. Closing kills exactly the processes it started.
 */
final class CpuHog implements AutoCloseable {

    private final List<Process> spinners;

    private CpuHog(List<Process> spinners) {
        this.spinners = spinners;
    }

    static CpuHog none() {
        return new CpuHog(List.of());
    }

    static CpuHog everyCore() {
        List<Process> spinners = new ArrayList<>();
        CpuHog hog = new CpuHog(spinners);
        Runtime.getRuntime().addShutdownHook(new Thread(hog::close, "cpu-hog-cleanup"));
        try {
            for (int core = 0; core < Runtime.getRuntime().availableProcessors(); core++) {
                spinners.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
            }
        } catch (IOException e) {
            hog.close();
            throw new UncheckedIOException("cannot start the background load", e);
        }
        return hog;
    }

    @Override
    public void close() {
        spinners.forEach(Process::destroyForcibly);
    }
}
