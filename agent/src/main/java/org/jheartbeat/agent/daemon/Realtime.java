package org.jheartbeat.agent.daemon;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jheartbeat.agent.membership.HeartbeatThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ha.cf's {@code realtime on}: lock the agent's memory so that paging never delays a heartbeat, and run the
 * threads that carry heartbeats at a real-time priority so that a busy CPU does not either. Where the kernel
 * refuses (no CAP_IPC_LOCK or CAP_SYS_NICE, small limits, as in containers), the agent runs on with a warning:
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
    private static final int SCHED_RR = 2;
    private static final int SCHED_RESET_ON_FORK = 0x40000000;
    /** heartbeat's default: the lowest real-time priority, above every normal process and below the kernel's. */
    private static final int DEFAULT_PRIORITY = 1;
    private static final Logger LOG = LoggerFactory.getLogger(Realtime.class);

    private interface LibC extends Library {
        int mlockall(int flags);

        String strerror(int errno);

        int sched_setscheduler(int pid, int policy, int[] param);
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

    /**
     * The heartbeat threads' scheduling from ha.cf: with {@code realtime on}, each runs SCHED_RR at {@code rtprio}
     * (default 1), as heartbeat runs its own processes. Reset on fork: threads they start and commands run from
     * them get normal scheduling, so an init script or an fsck never runs at real-time priority.
     */
    static HeartbeatThreads heartbeatThreads(boolean realtime, OptionalInt rtprio) {
        if (!realtime) {
            return HeartbeatThreads.UNCHANGED;
        }
        int[] priority = {rtprio.orElse(DEFAULT_PRIORITY)};
        AtomicBoolean warned = new AtomicBoolean();
        LibC libc;
        try {
            libc = Native.load("c", LibC.class);
        } catch (UnsatisfiedLinkError e) {
            LOG.warn("realtime on, but heartbeats run at normal priority (sched_setscheduler unavailable: {})",
                    e.getMessage());
            return HeartbeatThreads.UNCHANGED;
        }
        return () -> {
            if (libc.sched_setscheduler(0, SCHED_RR | SCHED_RESET_ON_FORK, priority) != 0
                    && warned.compareAndSet(false, true)) {
                LOG.warn("realtime on, but heartbeats run at normal priority (sched_setscheduler SCHED_RR {}: {}); "
                        + "a busy CPU may delay them", priority[0], libc.strerror(Native.getLastError()));
            }
        };
    }
}
