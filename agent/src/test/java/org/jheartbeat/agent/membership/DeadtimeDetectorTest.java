package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.common.base.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.protocols.SHARED_LOOPBACK;
import org.jgroups.protocols.SHARED_LOOPBACK_PING;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;
import org.jheartbeat.agent.config.Timing;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The failure detector in the stack the links use, over JGroups' in-JVM loopback, on a monotonic clock the test moves:
 * a member that has been silent for exactly deadtime is still a member, one millisecond more and it is dropped.
 */
class DeadtimeDetectorTest {

    private static final FailureDetection DETECTION = FailureDetection.of(LoopbackMembers.TIMING);

    @Test
    void deadOnlyOnceSilentForLongerThanDeadtime() throws Exception {
        StoppedTicker clock = new StoppedTicker();
        Cut cut = new Cut();
        String cluster = "deadtime-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (JChannel alpha = channel("alpha", cut, clock); JChannel beta = channel("beta", null, Ticker.systemTicker())) {
            alpha.connect(cluster);
            beta.connect(cluster);
            LoopbackMembers.await(() -> alpha.getView().size() == 2 && beta.getView().size() == 2, "alpha and beta in one view");

            cut.cut = true;
            // beta's packets that got past the cut before it closed have been counted: its last sign of life is at the
            // stopped clock's instant
            LoopbackMembers.await(() -> cut.passing.get() == 0, "beta's last packets through alpha's stack");
            clock.advance(DETECTION.deadtime());
            int reads = clock.reads.get();
            // nothing from beta reaches the detector now: each read is one check of beta's silence (and a node alone
            // in its view checks no more)
            LoopbackMembers.await(() -> clock.reads.get() >= reads + 2 || alpha.getView().size() == 1,
                    "two checks after deadtime");
            assertThat(alpha.getView().size()).as("beta, silent for exactly deadtime, in alpha's view").isEqualTo(2);

            clock.advance(Duration.ofMillis(1));
            LoopbackMembers.await(() -> alpha.getView().size() == 1, "beta dropped from alpha's view");
        }
    }

    /**
     * Below half a second of deadtime JGroups' FD_ALL warned at every start that it disabled the transport's time
     * service, a clock this detector never reads.
     */
    @Test
    void aDeadtimeUnderHalfASecondStartsWithoutAWarning() throws Exception {
        FailureDetection fast = FailureDetection.of(new Timing(Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMillis(300), Duration.ofSeconds(1)));
        Logger logger = (Logger) LoggerFactory.getLogger(DeadtimeDetector.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        String cluster = "deadtime-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (JChannel alone = channel("alone", null, fast, Ticker.systemTicker())) {
            alone.connect(cluster);

            assertThat(alone.getView().size()).isEqualTo(1);
            assertThat(logged.list).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                    .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        } finally {
            logger.detachAppender(logged);
        }
    }

    private static JChannel channel(String name, Cut cut, Ticker ticker) throws Exception {
        return channel(name, cut, DETECTION, ticker);
    }

    private static JChannel channel(String name, Cut cut, FailureDetection detection, Ticker ticker) throws Exception {
        List<Protocol> stack = new ArrayList<>(List.of(new SHARED_LOOPBACK()));
        if (cut != null) {
            stack.add(cut);
        }
        stack.addAll(TransportStacks.aboveTransport(new DeadtimeDetector(detection, ticker), new SHARED_LOOPBACK_PING()));
        return new JChannel(stack).name(name);
    }

    /** Stands still until advanced; counts its reads. */
    private static final class StoppedTicker extends Ticker {
        private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
        private final AtomicInteger reads = new AtomicInteger();

        @Override
        public long read() {
            reads.incrementAndGet();
            return nanos.get();
        }

        void advance(Duration by) {
            nanos.addAndGet(by.toNanos());
        }
    }

    /** Right above the transport: once cut, lets nothing up; counts the packets still on their way up through it. */
    private static final class Cut extends Protocol {
        volatile boolean cut;
        final AtomicInteger passing = new AtomicInteger();

        @Override
        public Object up(Message message) {
            passing.incrementAndGet();
            try {
                return cut ? null : up_prot.up(message);
            } finally {
                passing.decrementAndGet();
            }
        }

        @Override
        public void up(MessageBatch batch) {
            passing.incrementAndGet();
            try {
                if (!cut) {
                    up_prot.up(batch);
                }
            } finally {
                passing.decrementAndGet();
            }
        }
    }
}
