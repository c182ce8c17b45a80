package org.jheartbeat.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The whole machine's CPU time from /proc/stat's first line (every core, every process: the agents, the harness
 * and whatever else runs), to tell how busy a run kept the machine.
 *
 * @param busyTicks  user + nice + system + irq + softirq + steal
 * @param totalTicks the same plus idle and iowait
 */
record MachineCpu(long busyTicks, long totalTicks) {

    static MachineCpu read() throws IOException {
        String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
        long[] ticks = Arrays.stream(first.substring("cpu".length()).strip().split("\\s+")).limit(8)
                .mapToLong(Long::parseLong).toArray();
        long total = Arrays.stream(ticks).sum();
        return new MachineCpu(total - ticks[3] - ticks[4], total);
    }

    /** The load average over 1, 5 and 15 minutes (/proc/loadavg), printed beside figures a busy machine skews. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Busy share of all cores between {@code start} and this reading, in percent (100 = every core busy). */
    double percentSince(MachineCpu start) {
        long total = totalTicks - start.totalTicks;
        return total == 0 ? 0 : 100.0 * (busyTicks - start.busyTicks) / total;
    }
}
