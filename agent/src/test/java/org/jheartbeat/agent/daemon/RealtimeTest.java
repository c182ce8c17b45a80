package org.jheartbeat.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Locks this test JVM's memory as {@code realtime on} does: the memory must be locked, yet only what was touched
 * may become resident. Locking every mapping up front made the agent 250 MiB resident (the JDK's module image
 * alone is 128 MB); this JVM maps that image too, so a lock without MCL_ONFAULT fails the test.
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

    private static long statusKiB(String field) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith(field))
                .map(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst()
                .orElseThrow(() -> new IOException("/proc/self/status has no " + field));
    }
}
