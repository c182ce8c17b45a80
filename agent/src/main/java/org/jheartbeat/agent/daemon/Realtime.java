package org.jheartbeat.agent.daemon;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Optional;

/**
 * ha.cf's {@code realtime on}: lock the agent's memory so that paging never delays a heartbeat. Where the
 * kernel refuses (no CAP_IPC_LOCK, a small memlock limit, as in containers), the agent runs on with a warning:
 * heartbeats late by a page fault beat a node that will not start.
 *
 * <p>Pages are locked as they are first touched (MCL_ONFAULT, Linux 4.4): locking every mapping up front, as a C
 * daemon may, would make a JVM resident in full: the whole 128 MB JDK module image, every thread's stack and the
 * reserved heap (measured: 250 MiB resident instead of 90). Older kernels refuse the flag with EINVAL; there the
 * classic lock is taken.
 */
final class Realtime {

    private static final int MCL_CURRENT = 1;
    private static final int MCL_FUTURE = 2;
    private static final int MCL_ONFAULT = 4;
    private static final int EINVAL = 22;

    private interface LibC extends Library {
        int mlockall(int flags);

        String strerror(int errno);
    }

    private Realtime() {
    }

    /** @return empty when the memory is locked, else why not */
    static Optional<String> lockMemory() {
        try {
            LibC libc = Native.load("c", LibC.class);
            if (libc.mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT) == 0) {
                return Optional.empty();
            }
            if (Native.getLastError() == EINVAL && libc.mlockall(MCL_CURRENT | MCL_FUTURE) == 0) {
                return Optional.empty();
            }
            return Optional.of("mlockall: " + libc.strerror(Native.getLastError()));
        } catch (UnsatisfiedLinkError e) {
            return Optional.of("mlockall unavailable: " + e.getMessage());
        }
    }
}
