package org.jheartbeat.testsupport.netns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The arrival stamp iputils' ping -D puts before each reply, which the failover benchmark times the client by. */
class PingWatchTest {

    @Test
    void readsPingsWallClockStampToTheMicrosecond() {
        assertThat(PingWatch.epochMicros("[1796595408.463123] 64 bytes from 10.79.0.100: icmp_seq=7 ttl=64 time=0.061 ms"))
                .contains(1_796_595_408_463_123L);
    }

    @Test
    void aLineWithoutAStampHasNone() {
        assertThat(PingWatch.epochMicros("64 bytes from 10.79.0.100: icmp_seq=7 ttl=64 time=0.061 ms")).isEmpty();
        assertThat(PingWatch.epochMicros("[1796595408.46] 64 bytes")).as("not microseconds").isEmpty();
        assertThat(PingWatch.epochMicros("[x.463123] 64 bytes")).isEmpty();
        assertThat(PingWatch.epochMicros("[1796595408")).isEmpty();
    }
}
