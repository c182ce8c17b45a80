package org.jheartbeat.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a node's cluster agent costs while nothing happens: resident memory (VmRSS summed over the agent's
 * processes: jheartbeat's JVM, heartbeat's master, FIFO reader and per-medium reader/writer children) and CPU time
 * (utime + stime from /proc/PID/stat) over an idle window. The anonymous part (RssAnon) is the agent's own; the
 * rest is file pages (for a JVM mostly the JDK's lib/modules image), shared with every process mapping them.
 */
record AgentFootprint(long rssKiB, long anonymousKiB, double cpuPercent) {

    private static final long CLOCK_TICKS_PER_SECOND = 100;

    /** What {@link #read} saw of the agent at one instant. */
    record Reading(long cpuTicks, long nanoTime, long rssKiB, long anonymousKiB) {
    }

    static AgentFootprint measure(SimulatedNode node, Duration window) throws IOException, InterruptedException {
        Reading start = read(node);
        Thread.sleep(window.toMillis());
        return between(start, read(node));
    }

    static Reading read(SimulatedNode node) throws IOException {
        return read(agentProcesses(node));
    }

    /** The processes' memory summed and their CPU time, as {@link #read(SimulatedNode)} reads an agent's. */
    static Reading read(List<Long> agents) throws IOException {
        long rss = 0;
        long anonymous = 0;
        for (long pid : agents) {
            rss += statusKiB(pid, "VmRSS:");
            anonymous += statusKiB(pid, "RssAnon:");
        }
        return new Reading(cpuTicks(agents), System.nanoTime(), rss, anonymous);
    }

    /** CPU over the time between the readings (percent of one core); memory as at the end. */
    static AgentFootprint between(Reading start, Reading end) {
        double seconds = (end.nanoTime() - start.nanoTime()) / 1e9;
        return new AgentFootprint(end.rssKiB(), end.anonymousKiB(),
                100.0 * (end.cpuTicks() - start.cpuTicks()) / CLOCK_TICKS_PER_SECOND / seconds);
    }

    /** The node's processes that are the agent: the JVM running the daemon class, or heartbeat's own processes. */
    private static List<Long> agentProcesses(SimulatedNode node) throws IOException {
        return node.processes().stream().filter(pid -> {
            String command = commandLine(pid);
            return command.startsWith("heartbeat:") || command.contains("org.jheartbeat.agent.daemon.Daemon");
        }).toList();
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"))).replace('\0', ' ');
        } catch (IOException gone) {
            return "";
        }
    }

    private static long cpuTicks(List<Long> pids) throws IOException {
        long ticks = 0;
        for (long pid : pids) {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // Fields after the command name (which may hold spaces, inside parentheses): utime is 14th, stime 15th.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
        return ticks;
    }

    private static long statusKiB(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }
}
