package org.jheartbeat.agent.ping;

import com.google.common.base.Ticker;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.jheartbeat.agent.config.PingTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ha.cf's {@code ping} and {@code ping_group}: probes every target each interval and counts the targets this
 * node reaches; a target (a group: any of its addresses) counts as reachable until it has been silent for
 * deadping. The count goes to the cluster, for status and, where ha.cf runs ipfail, for placement: the nodes
 * reaching the most targets are preferred for every group, as heartbeat's ipfail arranged.
 */
public final class PingMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PingMonitor.class);

    /** One echo probe; the real one is ICMP through {@link InetAddress#isReachable}. */
    public interface Prober {
        boolean answers(String address, Duration timeout);
    }

    private final List<PingTarget> targets;
    private final Duration interval;
    private final Duration deadping;
    private final Prober prober;
    /** deadping is measured on the monotonic clock: a step of the wall clock silences no target. */
    private final Ticker ticker;
    private final IntConsumer reachableCount;
    private final Map<String, Long> lastAnswer = new HashMap<>();
    private final ScheduledExecutorService probes = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "ping");
        thread.setDaemon(true);
        return thread;
    });
    private int lastCount = -1;

    public PingMonitor(List<PingTarget> targets, Duration interval, Duration deadping, Prober prober, Ticker ticker,
                       IntConsumer reachableCount) {
        this.targets = List.copyOf(targets);
        this.interval = interval;
        this.deadping = deadping;
        this.prober = prober;
        this.ticker = ticker;
        this.reachableCount = reachableCount;
        // A target gets deadping from start-up to answer, as a peer gets initdead.
        long now = ticker.read();
        targets.forEach(target -> lastAnswer.put(target.name(), now));
    }

    public static Prober icmp() {
        return (address, timeout) -> {
            try {
                return InetAddress.getByName(address).isReachable((int) timeout.toMillis());
            } catch (IOException e) {
                return false;
            }
        };
    }

    public void start() {
        if (targets.isEmpty()) {
            return;
        }
        probes.scheduleWithFixedDelay(this::probeAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One round: probes every target and reports the count when it changed. Public for tests' sake. */
    public synchronized void probeAll() {
        int reachable = 0;
        for (PingTarget target : targets) {
            boolean answered = target.addresses().stream().anyMatch(address -> prober.answers(address, interval));
            long now = ticker.read();
            if (answered) {
                lastAnswer.put(target.name(), now);
            }
            boolean alive = now - lastAnswer.get(target.name()) < deadping.toNanos();
            if (alive) {
                reachable++;
            }
        }
        if (reachable != lastCount) {
            LOG.info("ping targets reachable: {} of {}", reachable, targets.size());
            lastCount = reachable;
            reachableCount.accept(reachable);
        }
    }

    @Override
    public void close() {
        probes.shutdownNow();
    }
}
