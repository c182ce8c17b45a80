package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Membership keeps each link's channel, views and split watch by the link's name, so a name may serve one link. */
class MembershipLinksTest {

    @Test
    void twoLinksOfOneNameAreRefusedBeforeAnyChannelIsMade() {
        Membership.ChannelFactory never = () -> {
            throw new AssertionError("no channel is made");
        };
        assertThatThrownBy(() -> new Membership("alpha", List.of(new Membership.Link("eth0", never),
                new Membership.Link("eth1", never), new Membership.Link("eth0", never)), 1, LoopbackMembers.IGNORE))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("two links are named eth0");
    }
}
