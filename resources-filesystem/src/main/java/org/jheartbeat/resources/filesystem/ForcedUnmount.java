package org.jheartbeat.resources.filesystem;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.OperationAbort;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.OperationTools;
import org.jheartbeat.resource.host.MountTable;
import org.jheartbeat.resource.host.MountEntry;
import org.jheartbeat.resource.host.DeviceNumber;
import org.jheartbeat.resource.host.Host;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unmounts a filesystem whatever keeps it busy, within the stop timeout: umount; when that fails, signal every
 * process using the filesystem (TERM during the first half of the timeout, KILL after, and {@code umount -f}
 * for a network filesystem once killing), wait for them to exit, try again. What still cannot be unmounted
 * when the time is up fails the stop, naming who held it, so that the group manager fences the node rather
 * than let a peer mount the filesystem twice.
 */
final class ForcedUnmount {

    private static final Logger LOG = LoggerFactory.getLogger(ForcedUnmount.class);
    /** Pause between attempts when nobody can be signalled (a mount below, an NFS export, a loop device). */
    private static final Duration RETRY_PAUSE = Duration.ofMillis(100);
    private static final Duration EXIT_POLL = Duration.ofMillis(10);

    private final String subject;
    private final OperationTools tools;
    private final Host host;
    private final Duration holderExitWait;
    /** The last busy report logged, so that a TERM loop logs who holds the filesystem once, not every round. */
    private String lastReport = "";

    ForcedUnmount(String subject, OperationTools tools, Host host, Duration holderExitWait) {
        this.subject = subject;
        this.tools = tools;
        this.host = host;
        this.holderExitWait = holderExitWait;
    }

    /**
     * @param ours which mounts at the mount point belong to the resource; unmounting repeats while one remains
     */
    OperationResult unmount(String mountPoint, boolean network, Predicate<MountEntry> ours, Duration timeout)
            throws OperationAbort {
        long started = System.nanoTime();
        Deadline deadline = Deadline.after(timeout);
        Deadline termPhase = Deadline.after(timeout.dividedBy(2));
        int attempts = 0;
        Optional<CommandResult> refusal = Optional.empty();
        List<Host.Holder> lastHolders = List.of();
        while (true) {
            MountTable table = FilesystemResource.mountTable(host);
            List<MountEntry> mounted = table.matching(entry -> entry.mountPoint().equals(mountPoint) && ours.test(entry));
            if (mounted.isEmpty() && attempts == 0) {
                LOG.info("{}: {} is not mounted", subject, mountPoint);
                return OperationResult.success();
            }
            if (mounted.isEmpty()) {
                LOG.info("{}: unmounted {} after {} attempt(s) in {} ms", subject, mountPoint, attempts,
                        Duration.ofNanos(System.nanoTime() - started).toMillis());
                return OperationResult.success();
            }
            if (deadline.passed()) {
                return stillMounted(mountPoint, attempts, started, refusal, lastHolders, table);
            }
            boolean killing = termPhase.passed();
            attempts++;
            CommandResult result = tools.run(deadline, umount(mountPoint, network && killing));
            if (result.succeeded()) {
                continue;
            }
            refusal = Optional.of(result);
            lastHolders = host.holders(devicesOf(mountPoint, mounted));
            if (lastHolders.isEmpty()) {
                LOG.warn("{}: {}; no process holds {}, trying again", subject, result.describe(), mountPoint);
                OperationTools.pause(deadline, RETRY_PAUSE);
            } else {
                signalAndWait(mountPoint, lastHolders, killing ? Host.Signal.KILL : Host.Signal.TERM,
                        deadline);
            }
        }
    }

    private Set<DeviceNumber> devicesOf(String mountPoint, List<MountEntry> mounted) {
        Set<DeviceNumber> devices = mounted.stream().map(MountEntry::device).collect(Collectors.toCollection(HashSet::new));
        try {
            devices.add(host.fileSystemOf(Path.of(mountPoint)));
        } catch (IOException e) {
            LOG.debug("{}: cannot stat {}: {}", subject, mountPoint, e.getMessage());
        }
        return devices;
    }

    private static String[] umount(String mountPoint, boolean force) {
        return force ? new String[] {"umount", "-f", mountPoint} : new String[] {"umount", mountPoint};
    }

    private void signalAndWait(String mountPoint, List<Host.Holder> holders, Host.Signal signal,
                               Deadline deadline) throws OperationAbort {
        String report = mountPoint + " is busy; sending " + signal + " to "
                + holders.stream().map(Host.Holder::toString).collect(Collectors.joining("; "));
        if (report.equals(lastReport)) {
            LOG.debug("{}: {} (again)", subject, report);
        } else {
            LOG.warn("{}: {}", subject, report);
            lastReport = report;
        }
        List<Long> signalled = new ArrayList<>();
        for (Host.Holder holder : holders) {
            if (host.signal(holder.pid(), signal)) {
                signalled.add(holder.pid());
            }
        }
        Deadline exitWait = Deadline.after(deadline.atMost(holderExitWait));
        while (signalled.stream().anyMatch(pid -> host.processName(pid).isPresent())
                && OperationTools.pause(exitWait, EXIT_POLL)) {
            // Polled: a holder in another process tree cannot be waited for.
        }
    }

    private OperationResult stillMounted(String mountPoint, int attempts, long started,
                                         Optional<CommandResult> refusal, List<Host.Holder> holders,
                                         MountTable table) {
        StringBuilder reason = new StringBuilder("cannot unmount ").append(mountPoint).append(" after ")
                .append(attempts).append(" attempt(s) in ")
                .append(Duration.ofNanos(System.nanoTime() - started).toMillis()).append(" ms");
        refusal.ifPresent(last -> {
            tools.logFailure(last);
            reason.append(": ").append(last.describe());
        });
        if (!holders.isEmpty()) {
            reason.append("; held by ").append(holders.stream().map(Host.Holder::toString)
                    .collect(Collectors.joining("; ")));
        }
        List<MountEntry> below = table.below(mountPoint);
        if (!below.isEmpty()) {
            reason.append("; mounts below it: ").append(below.stream().map(MountEntry::mountPoint)
                    .collect(Collectors.joining(", ")));
        }
        LOG.error("{}: {}", subject, reason);
        return OperationResult.failed(reason.toString());
    }
}
