package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jgroups.Event;
import org.jgroups.View;
import org.jgroups.stack.Protocol;
import org.jgroups.util.UUID;
import org.jheartbeat.testsupport.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LateHeartbeatWarningTest {

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(LateHeartbeatWarning.class);
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T12:00:00Z"));

    @BeforeEach
    void capture() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void release() {
        logger.detachAppender(log);
    }

    @Test
    void warnsOncePerSilenceLongerThanWarntimeAndAgainAfterTheMemberIsHeard() {
        LateHeartbeatWarning warning = new LateHeartbeatWarning("eth0", Duration.ofSeconds(5), clock.ticker());
        Protocol bottom = new Protocol() {
            @Override
            public Object down(Event event) {
                return null;
            }
        };
        Protocol top = new Protocol() {
            @Override
            public Object up(org.jgroups.Message message) {
                return null;
            }
        };
        warning.setDownProtocol(bottom);
        warning.setUpProtocol(top);
        UUID self = UUID.randomUUID();
        UUID peer = UUID.randomUUID();
        warning.setAddress(self);
        warning.down(new Event(Event.VIEW_CHANGE, View.create(self, 1, self, peer)));

        clock.advance(Duration.ofSeconds(4));
        warning.check();
        clock.advance(Duration.ofSeconds(2));
        warning.check();
        warning.check();
        warning.up(new org.jgroups.BytesMessage(self).setSrc(peer));
        clock.advance(Duration.ofSeconds(6));
        warning.check();

        List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("link eth0: late heartbeat from").contains("nothing heard for 6000 ms (warntime 5000 ms)");
        assertThat(lines.get(1)).startsWith("link eth0: heard").endsWith("again");
        assertThat(lines.get(2)).contains("nothing heard for 6000 ms");
    }
}
