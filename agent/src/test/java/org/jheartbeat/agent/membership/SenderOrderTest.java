package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SenderOrderTest {

    private static final long HOLD = SenderOrder.HOLD.toNanos();

    private final SenderOrder order = new SenderOrder();
    private final List<String> handedOn = new ArrayList<>();
    private final List<SenderPosition> positions = new ArrayList<>();
    private final SenderOrder.Delivery deliver = (position, payload) -> {
        positions.add(position);
        handedOn.add(new String(payload, StandardCharsets.UTF_8));
    };

    /** A message that arrives while a link may still bring any missing one. */
    private boolean arrive(long generation, long counter, long nowNanos) {
        return arrive(generation, counter, nowNanos, 0);
    }

    /** A message that arrives while links may still bring the sender's counters from {@code stillComing} on. */
    private boolean arrive(long generation, long counter, long nowNanos, long stillComing) {
        return order.arrived(new SenderPosition(generation, counter),
                ("m" + counter).getBytes(StandardCharsets.UTF_8), nowNanos, () -> stillComing, deliver);
    }

    @Test
    void messagesInOrderAreHandedOnAtOnce() {
        for (long counter = 40; counter < 45; counter++) {
            assertThat(arrive(7, counter, 0)).isFalse();
        }
        assertThat(handedOn).containsExactly("m40", "m41", "m42", "m43", "m44");
    }

    /**
     * The case it is for: eth1 dropped the coordinator's report (counter 11) as from a non-member and delivered its
     * instructions (12) while eth0's copy of the report was still on its way: the report is handed on first.
     */
    @Test
    void aMessageThatOvertookTheOneBeforeItWaitsForIt() {
        arrive(7, 10, 0);
        assertThat(arrive(7, 12, 1_000)).as("held behind the gap").isTrue();
        assertThat(handedOn).containsExactly("m10");
        assertThat(arrive(7, 11, 2_000)).isFalse();
        assertThat(handedOn).containsExactly("m10", "m11", "m12");
        order.releaseOverdue(1_000 + HOLD, deliver);
        assertThat(handedOn).as("nothing handed on twice").hasSize(3);
    }

    @Test
    void aGapThatDoesNotFillIsGivenUpAfterTheHoldAndItsMessageHandedOnLate() {
        arrive(7, 10, 0);
        arrive(7, 13, 1_000);
        arrive(7, 12, 5_000);
        order.releaseOverdue(1_000 + HOLD - 1, deliver);
        assertThat(handedOn).as("still within the hold").containsExactly("m10");
        order.releaseOverdue(1_000 + HOLD, deliver);
        assertThat(handedOn).containsExactly("m10", "m12", "m13");
        assertThat(arrive(7, 11, 2 * HOLD)).as("late, after its gap was given up").isFalse();
        assertThat(arrive(7, 14, 2 * HOLD)).isFalse();
        assertThat(handedOn).containsExactly("m10", "m12", "m13", "m11", "m14");
        assertThat(positions).as("each handed on with its own position: the late one's is below the one before it")
                .extracting(SenderPosition::counter).containsExactly(10L, 12L, 13L, 11L, 14L);
        assertThat(positions.get(3)).isLessThan(positions.get(2));
    }

    /** After a heal: what the sender sent while the links were cut never comes, and no link is still bringing it. */
    @Test
    void aGapNoLinkCanFillIsGivenUpAtOnce() {
        arrive(7, 10, 0);
        assertThat(arrive(7, 20, 1_000, Long.MAX_VALUE)).as("nothing held").isFalse();
        assertThat(handedOn).containsExactly("m10", "m20");
    }

    @Test
    void onlyTheGapsALinkMayStillFillAreWaitedFor() {
        arrive(7, 10, 0);
        assertThat(arrive(7, 13, 1_000, 12)).isTrue();
        assertThat(handedOn).as("11 cannot come; 12 still may").containsExactly("m10");
        assertThat(arrive(7, 12, 2_000, Long.MAX_VALUE)).isFalse();
        assertThat(handedOn).containsExactly("m10", "m12", "m13");
    }

    @Test
    void eachGapIsGivenUpOnlyOnceItsOwnMessageWaitedTheHold() {
        arrive(7, 10, 0);
        arrive(7, 12, 0);
        arrive(7, 15, HOLD / 2);
        order.releaseOverdue(HOLD, deliver);
        assertThat(handedOn).as("12 waited the hold, 15 not yet").containsExactly("m10", "m12");
        arrive(7, 14, HOLD);
        arrive(7, 13, HOLD);
        assertThat(handedOn).containsExactly("m10", "m12", "m13", "m14", "m15");
    }

    @Test
    void aRestartedSenderCountsAfreshAfterWhatItsEarlierRunStillHeld() {
        arrive(7, 10, 0);
        arrive(7, 12, 0);
        assertThat(arrive(8, 0, 10)).isFalse();
        arrive(8, 1, 20);
        assertThat(handedOn).containsExactly("m10", "m12", "m0", "m1");
        assertThat(positions.get(2)).as("a later run's first message comes after the earlier run's last")
                .isGreaterThan(positions.get(1));
    }
}
