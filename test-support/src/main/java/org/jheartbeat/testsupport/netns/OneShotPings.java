package org.jheartbeat.testsupport.netns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jheartbeat.resource.CommandResult;

/**
 * Echo replies measured by one-shot pings ({@code ping -c 1 -w 1}, one after another) for pings that cannot
 * send more often than once a second, such as GNU inetutils' {@code ping6}. A reply's time is when its ping
 * exited: a few milliseconds of process start late, and up to a second late when the reply came only while
 * an earlier one-shot had already given up.
 */
public final class OneShotPings implements EchoReplies {

    private final NetnsLab lab;
    private final NetnsNode node;
    private final String tool;
    private final String address;
    private final List<String> output = new ArrayList<>();

    OneShotPings(NetnsLab lab, NetnsNode node, String tool, String address) {
        this.lab = lab;
        this.node = node;
        this.tool = tool;
        this.address = address;
    }

    /** Pings from now on; {@code sinceNanos} only has to lie in the past. */
    @Override
    public Optional<Long> firstReplyAfter(long sinceNanos, Duration wait) {
        long end = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < end) {
            CommandResult result = lab.exec(node, tool, "-c", "1", "-w", "1", address);
            long at = System.nanoTime();
            synchronized (this) {
                output.add(result.stdout().strip());
            }
            if (result.succeeded() && at >= sinceNanos) {
                return Optional.of(at);
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized String output() {
        return String.join("\n", output);
    }

    @Override
    public void close() {
        // Each ping has ended by the time firstReplyAfter returns.
    }
}
