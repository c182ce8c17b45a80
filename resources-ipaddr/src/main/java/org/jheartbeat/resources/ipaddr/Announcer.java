package org.jheartbeat.resources.ipaddr;

import java.io.IOException;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.OperationAbort;
import org.jheartbeat.resource.OperationTools;
import org.jheartbeat.resource.host.Network;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces one address to the segment. The first round goes out before {@link #begin} returns, so the
 * neighbours hear of the move the moment the address is in place: for IPv4 as frames this process sends itself
 * ({@link Network#send}), in microseconds, else as the tool's first command; the remaining rounds take
 * count × interval and run in a background thread so that a takeover never waits for them. {@link #cancel}
 * stops them, so a node does not go on announcing an address it has just given up.
 */
final class Announcer {

    private static final Logger LOG = LoggerFactory.getLogger(Announcer.class);
    /** Generous: an interrupted tool run is killed by the runner within about a second. */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(3);
    /** An Ethernet address as {@link org.jheartbeat.resource.host.NetInterface} writes it. */
    private static final Pattern ETHERNET = Pattern.compile("\\p{XDigit}{2}(:\\p{XDigit}{2}){5}");

    private final OperationTools tools;
    private final SegmentTools segment;
    private final String subject;
    private final Duration commandTimeout;
    private final Network network;
    private Thread background;

    /** @param network where this process sends an IPv4 address's first round itself */
    Announcer(OperationTools tools, SegmentTools segment, String subject, Duration commandTimeout, Network network) {
        this.tools = tools;
        this.segment = segment;
        this.subject = subject;
        this.commandTimeout = commandTimeout;
        this.network = network;
    }

    /**
     * Sends the first announcement now, within the operation's deadline, and leaves the rest to a background
     * thread, where each command has {@code commandTimeout}.
     *
     * @param mac the interface's Ethernet address, empty where it has none
     *
     * @return whether the first announcement went out (false is logged; the address is in place regardless)
     */
    synchronized boolean begin(AddressAssignment placement, String mac, int rounds, Duration interval, Deadline deadline) {
        cancel();
        if (rounds == 0) {
            return true;
        }
        // The frames first: the tool's commands are built after them, off the takeover's path.
        boolean framesSent = sentItself(placement, mac);
        List<Command> round = segment.announcementRound(placement, commandTimeout);
        int first;
        boolean firstSent;
        if (framesSent) {
            first = round.size();
            firstSent = true;
        } else {
            first = 1;
            firstSent = send(round.get(0), deadline);
        }
        Thread thread = new Thread(() -> sendRest(round, first, rounds, interval, firstSent),
                "announce " + placement.address().getHostAddress());
        thread.setDaemon(true);
        background = thread;
        thread.start();
        return firstSent;
    }

    /** Stops the background announcements, if any, and waits (bounded) until their tool run has ended. */
    synchronized void cancel() {
        if (background == null) {
            return;
        }
        background.interrupt();
        if (!awaitFinished(CANCEL_WAIT)) {
            LOG.warn("{}: announcement thread still running {} ms after it was cancelled", subject, CANCEL_WAIT.toMillis());
        }
        background = null;
    }

    /** Waits until the background rounds are over; true when none are running any more. */
    private boolean awaitFinished(Duration wait) {
        Thread thread;
        synchronized (this) {
            thread = background;
        }
        if (thread == null) {
            return true;
        }
        try {
            thread.join(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    /**
     * The first round of an IPv4 address as frames sent by this process; false (the tool then sends it) where the
     * interface has no Ethernet address, or where the frames cannot be sent, which is logged.
     */
    private boolean sentItself(AddressAssignment placement, String mac) {
        if (!(placement.address() instanceof Inet4Address address) || !ETHERNET.matcher(mac).matches()) {
            return false;
        }
        try {
            network.send(placement.device(), ArpAnnouncement.round(HexFormat.ofDelimiter(":").parseHex(mac), address));
            return true;
        } catch (IOException e) {
            LOG.warn("{}: cannot send the first announcement itself, {} sends it: {}", subject,
                    segment.getClass().getSimpleName(), e.getMessage());
            return false;
        }
    }

    /** Sends the commands of every round from index {@code first} on (the ones before went out already). */
    private void sendRest(List<Command> round, int first, int rounds, Duration interval, boolean firstSent) {
        long startNanos = System.nanoTime();
        int sent = firstSent ? first : 0;
        int failed = firstSent ? 0 : first;
        try {
            for (int index = first; index < round.size() * rounds; index++) {
                if (index % round.size() == 0) {
                    TimeUnit.NANOSECONDS.sleep(interval.toNanos());
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
                Command command = round.get(index % round.size());
                if (send(command, Deadline.after(command.timeout()))) {
                    sent++;
                } else {
                    failed++;
                }
            }
            LOG.info("{}: sent {} announcements ({} failed) in {} rounds over {} ms", subject, sent, failed, rounds,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        } catch (InterruptedException e) {
            LOG.info("{}: announcements cancelled after {} sent", subject, sent);
        }
    }

    private boolean send(Command command, Deadline deadline) {
        try {
            CommandResult result = tools.run(deadline, command);
            if (segment.announced(result)) {
                return true;
            }
            if (!Thread.currentThread().isInterrupted()) {
                tools.logFailure(result);
            }
        } catch (OperationAbort abort) {
            LOG.warn("{}: cannot announce: {}", subject, abort.result().reason());
        }
        return false;
    }
}
