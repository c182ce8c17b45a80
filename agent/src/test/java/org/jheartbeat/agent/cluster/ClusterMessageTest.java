package org.jheartbeat.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.jheartbeat.agent.ownership.Holding;
import org.jheartbeat.agent.ownership.NodeState;
import org.jheartbeat.agent.ownership.Placement;
import org.jheartbeat.agent.ownership.Request;
import org.jheartbeat.agent.ownership.Scope;
import org.junit.jupiter.api.Test;

class ClusterMessageTest {

    @Test
    void everyMessageSurvivesTheWire() throws Exception {
        NodeState state = new NodeState("master", Map.of("IPaddr::10.0.0.1", Holding.RUNNING, "g2", Holding.STOPPING),
                Set.of("g3", "g4"), Set.of("g4"), 2, Optional.of(new Request(Request.Kind.STANDBY, Scope.FOREIGN, 17)));
        List<ClusterMessage> messages = List.of(
                new ClusterMessage.StateReport(1_795_636_180_000L, state),
                new ClusterMessage.StateReport(3, NodeState.idle("slave")),
                new ClusterMessage.StateRequest(42),
                new ClusterMessage.Delegated("master", Request.Kind.STANDBY, Scope.LOCAL),
                new ClusterMessage.Restarting(Set.of("IPaddr::10.0.0.1", "g2"), 30_000, 660_000),
                new ClusterMessage.Restarting(Set.of(), 0, 0),
                new ClusterMessage.RestartNoted("master"),
                new ClusterMessage.GuardReleasing(1_795_636_181L, 65_000),
                new ClusterMessage.GuardReleased(1_795_636_181L),
                new ClusterMessage.Leaving(),
                new ClusterMessage.Blocked(Set.of("IPaddr::10.0.0.1", "g2")),
                new ClusterMessage.Configuration("0a1b2c3d4e5f", List.of("IPaddr::10.0.0.1", "g2")),
                new ClusterMessage.Instructions(42, List.of(
                        new Placement.Action("slave", Placement.ActionKind.RELEASE, "g2"),
                        new Placement.Action("master", Placement.ActionKind.ACQUIRE, "IPaddr::10.0.0.1"))));
        for (ClusterMessage message : messages) {
            assertThat(ClusterMessage.decode(ClusterMessage.encode(message))).isEqualTo(message);
        }
    }

    /** An agent built before excluded groups existed reads every report that has none. */
    @Test
    void excludedGroupsTravelLastAndOnlyWhenThereAreAny() throws Exception {
        NodeState failed = NodeState.idle("a").withFailed(Set.of("g"));
        byte[] without = ClusterMessage.encode(new ClusterMessage.StateReport(7, failed));
        byte[] with = ClusterMessage.encode(new ClusterMessage.StateReport(7,
                failed.withFailures(Set.of("g"), Set.of("g"))));

        assertThat(with).startsWith(without).hasSize(without.length + Integer.BYTES + 2 + 1);
        assertThat(ClusterMessage.decode(without)).isEqualTo(new ClusterMessage.StateReport(7, failed));
    }

    @Test
    void aRestartWithANegativeTimeIsRefused() {
        byte[] bytes = ClusterMessage.encode(new ClusterMessage.Restarting(Set.of("g"), 1, 1));
        bytes[bytes.length - 1] = (byte) 0xff;
        for (int i = bytes.length - 8; i < bytes.length; i++) {
            bytes[i] = (byte) 0xff;
        }

        assertThatThrownBy(() -> ClusterMessage.decode(bytes)).isInstanceOf(
                ClusterMessage.MalformedMessageException.class).hasMessage("negative duration -1");
    }

    @Test
    void refusesOtherVersionsAndTrailingBytes() {
        byte[] request = ClusterMessage.encode(new ClusterMessage.StateRequest(1));
        byte[] otherVersion = request.clone();
        otherVersion[0] = 9;
        assertThatThrownBy(() -> ClusterMessage.decode(otherVersion))
                .isInstanceOf(ClusterMessage.MalformedMessageException.class).hasMessageContaining("version 9");
        byte[] longer = java.util.Arrays.copyOf(request, request.length + 1);
        assertThatThrownBy(() -> ClusterMessage.decode(longer))
                .isInstanceOf(ClusterMessage.MalformedMessageException.class).hasMessageContaining("after the message");
    }

    @Property(tries = 5000)
    void anyBytesDecodeToAMessageOrAreRefusedCleanly(@ForAll byte[] bytes) {
        try {
            ClusterMessage.decode(bytes);
        } catch (ClusterMessage.MalformedMessageException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 2000)
    void truncatedOrFlippedRealMessagesAreRefusedCleanly(@ForAll int position, @ForAll byte value) {
        byte[] real = ClusterMessage.encode(new ClusterMessage.StateReport(5, new NodeState("a",
                Map.of("g", Holding.RUNNING), Set.of("f"), Set.of("f"), 1,
                Optional.of(new Request(Request.Kind.TAKEOVER, Scope.ALL, 3)))));
        int at = Math.floorMod(position, real.length);
        byte[] flipped = real.clone();
        flipped[at] = value;
        byte[] truncated = java.util.Arrays.copyOf(real, at);
        for (byte[] bytes : List.of(flipped, truncated)) {
            try {
                ClusterMessage.decode(bytes);
            } catch (ClusterMessage.MalformedMessageException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }
}
