package org.jheartbeat.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@code realtime on} in this test JVM. Memory: it must be locked, yet only what was touched may become
 * resident; locking every mapping up front made the agent 250 MiB resident (the JDK's module image alone is
 * 128 MB), and this JVM maps that image too, so a lock without MCL_ONFAULT fails the test. Scheduling: a heartbeat
 * thread runs SCHED_RR at rtprio, and neither the threads nor the commands it starts inherit that.
 */
class RealtimeTest {

    private static final long MAPPED_BUT_UNTOUCHED_KIB = 32 * 1024;

    @Test
    void locksMemoryWithoutFaultingInEveryMapping() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "mlockall needs root (CAP_IPC_LOCK)");
        long residentBefore = statusKiB("VmRSS:");

        assertThat(Realtime.lockMemory()).isEmpty();

        assertThat(statusKiB("VmLck:")).isPositive();
        assertThat(statusKiB("VmRSS:") - residentBefore).isLessThan(MAPPED_BUT_UNTOUCHED_KIB);
    }

    @Test
    void aHeartbeatThreadRunsRoundRobinAndWhatItStartsRunsNormally() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "SCHED_RR needs root (CAP_SYS_NICE)");
        CompletableFuture<List<String>> seen = new CompletableFuture<>();
        Thread heartbeat = new Thread(() -> {
            try {
                Realtime.heartbeatThreads(true, OptionalInt.of(3)).prepareCurrentThread();
                String[] started = new String[1];
                Thread child = new Thread(() -> started[0] = policyAndPriority(readStat("/proc/thread-self/stat")));
                child.start();
                child.join();
                Process command = new ProcessBuilder("cat", "/proc/self/stat").start();
                String commandStat = new String(command.getInputStream().readAllBytes());
                command.waitFor();
                seen.complete(List.of(policyAndPriority(readStat("/proc/thread-self/stat")), started[0],
                        policyAndPriority(commandStat)));
            } catch (Exception | AssertionError e) {
                seen.completeExceptionally(e);
            }
        });
        heartbeat.start();

        assertThat(seen.get()).as("policy/rt_priority of: the heartbeat thread, a thread it starts, a command it runs")
                .containsExactly("2/3", "0/0", "0/0");
    }

    @Test
    void realtimeOffLeavesThreadsAsTheyAre() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            Realtime.heartbeatThreads(false, OptionalInt.of(3)).prepareCurrentThread();
            seen.complete(policyAndPriority(readStat("/proc/thread-self/stat")));
        });
        thread.start();

        assertThat(seen.get()).isEqualTo("0/0");
    }

    /** Fields 41 (policy) and 40 (rt_priority) of a stat line; the command name before them may hold spaces. */
    private static String policyAndPriority(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return fields[38] + "/" + fields[37];
    }

    private static String readStat(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + path, e);
        }
    }

    private static long statusKiB(String field) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith(field))
                .map(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst()
                .orElseThrow(() -> new IOException("/proc/self/status has no " + field));
    }
}
