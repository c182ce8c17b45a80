package org.jheartbeat.agent.heartbeatpeer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jheartbeat.agent.heartbeatprotocol.Field;
import org.jheartbeat.agent.heartbeatprotocol.FieldValue;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatMessage;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatWire;

/**
 * The messages this node sends to heartbeat 3.0.6 peers, each completed as 3.0.6 completes its own
 * ({@code add_control_msg_fields}): destuuid for an addressed message, src, srcuuid, seq, hg, ts, ld, ttl, then the
 * classic auth field and the netstring trailer (ha.cf's default {@code msgfmt classic}). Every message also says
 * {@code impl=jheartbeat}: 3.0.6 ignores a field it does not know, and a jheartbeat node hearing it knows the sender
 * is a jheartbeat node speaking heartbeat's protocol, not a heartbeat 3 node.
 */
public final class OutgoingMessages {

    /** The field that marks a jheartbeat node's heartbeat packets, and its value. */
    public static final String IMPLEMENTATION = "impl";
    public static final String JHEARTBEAT = "jheartbeat";

    static final String STATUS = "status";
    static final String REQNODES = "reqnodes";
    static final String REPNODES = "repnodes";
    static final String REXMIT = "NS_rexmit";
    static final String NAK_REXMIT = "NS_nak_rexmit";
    static final String ACK = "NS_ackmsg";
    static final String SHUTDONE = "shutdone";
    static final String STARTING = "starting";
    static final String RESOURCES = "resource";
    static final String RESOURCES_HELD = "rsc_hold";
    static final String ASK_RESOURCES = "ask_resources";
    static final String HB_TAKEOVER = "hb_takeover";
    /** heartbeat's prefix of the types that carry no sequence number and no load. */
    static final String UNSEQUENCED = "NS_";
    /** heartbeat's hopfudge (fixed at 1 here: jheartbeat has no ring media) added to the node count. */
    private static final int HOPFUDGE = 1;

    private final String self;
    private final byte[] uuid;
    private final int ttl;
    private final HeartbeatWire wire;

    /**
     * @param uuid  this node's hb_uuid, sent as srcuuid
     * @param nodes ha.cf's nodes, counted for ttl
     */
    public OutgoingMessages(String self, byte[] uuid, List<String> nodes, HeartbeatWire wire) {
        this.self = self;
        this.uuid = uuid.clone();
        this.ttl = HOPFUDGE + nodes.size();
        this.wire = wire;
    }

    /**
     * What this run of the node stamps on a message.
     *
     * @param sequence     the message's sequence number; ignored for {@code NS_} types
     * @param generation   this node's heartbeat generation (hg)
     * @param epochSeconds the wall clock (ts)
     * @param load         /proc/loadavg's line (ld), empty when it cannot be read
     */
    public record Stamp(long sequence, long generation, long epochSeconds, Optional<String> load) {
    }

    /** {@code send_local_status}'s message: state and deadtime (hex milliseconds); protocol=1 keeps flow control on. */
    public HeartbeatMessage status(String state, Duration deadtime) {
        return HeartbeatMessage.of(Field.text(HeartbeatMessage.TYPE, STATUS), Field.text("st", state),
                Field.text("dt", Long.toHexString(deadtime.toMillis())), Field.text("protocol", "1"), marker());
    }

    /** The answer to {@code reqnodes}: every node of ha.cf, each followed by a space, and no deleted node. */
    public HeartbeatMessage repnodes(String destination, List<String> nodes) {
        StringBuilder list = new StringBuilder();
        nodes.forEach(node -> list.append(node).append(' '));
        return HeartbeatMessage.of(Field.text(HeartbeatMessage.DESTINATION, destination),
                Field.text(HeartbeatMessage.TYPE, REPNODES), Field.text("nodelist", list.toString()),
                Field.text("delnodelist", " "), marker());
    }

    /** {@code send_local_starting}'s question: what does every other node hold? */
    public HeartbeatMessage starting() {
        return HeartbeatMessage.of(Field.text(HeartbeatMessage.TYPE, STARTING), marker());
    }

    /**
     * {@code hb_send_resources_held}'s message: the classes this node holds (rtype full: the whole of it), whether it
     * is done changing them, and an optional comment heartbeat logs and acts on ({@code shutdown}).
     */
    public HeartbeatMessage resources(ResourceClasses held, boolean stable, Optional<String> info) {
        List<Field> fields = new ArrayList<>(List.of(Field.text(HeartbeatMessage.TYPE, RESOURCES),
                Field.text(RESOURCES_HELD, held.word()), Field.text("rtype", "full"),
                Field.text("isstable", stable ? "1" : "0")));
        info.ifPresent(comment -> fields.add(Field.text("info", comment)));
        fields.add(marker());
        return new HeartbeatMessage(fields);
    }

    /**
     * {@code send_standby_msg}'s message, a step of the three-phase handover.
     *
     * @param resources heartbeat's word for the groups handed over, as the node that asked named them
     * @param info      {@code me}, {@code other} or {@code done}
     */
    public HeartbeatMessage askResources(String resources, String info) {
        return HeartbeatMessage.of(Field.text(HeartbeatMessage.TYPE, ASK_RESOURCES),
                Field.text(RESOURCES_HELD, resources), Field.text("info", info), marker());
    }

    /**
     * hb_takeover's message: the node hearing it goes standby for the mirror of {@code resources} (heartbeat's
     * rc.d/hb_takeover runs its hb_standby), handing the groups over to the sender.
     *
     * @param resources hb_takeover's argument as typed: all, local, foreign or failback
     */
    public HeartbeatMessage takeover(String resources) {
        return HeartbeatMessage.of(Field.text(HeartbeatMessage.TYPE, HB_TAKEOVER),
                Field.text(RESOURCES_HELD, resources), marker());
    }

    /** The last message of a clean stop, once every group is given up: the peers take them over at once. */
    public HeartbeatMessage shutdone() {
        return HeartbeatMessage.of(Field.text(HeartbeatMessage.TYPE, SHUTDONE), Field.text("st", "dead"), marker());
    }

    /** An acknowledgement of everything up to {@code sequence} received from {@code destination}. */
    public HeartbeatMessage ack(String destination, long sequence) {
        return HeartbeatMessage.of(Field.text(HeartbeatMessage.TYPE, ACK),
                Field.text(HeartbeatMessage.DESTINATION, destination),
                Field.text("ackseq", Long.toHexString(sequence)), marker());
    }

    /** A retransmission this node cannot make: the requester gives the number up. */
    public HeartbeatMessage nak(String destination, long sequence, String reason) {
        return HeartbeatMessage.of(Field.text(HeartbeatMessage.TYPE, NAK_REXMIT),
                Field.text("firstseq", Long.toHexString(sequence)),
                Field.text(HeartbeatMessage.DESTINATION, destination), Field.text("info", reason), marker());
    }

    /** Whether heartbeat gives messages of this type a sequence number. */
    static boolean sequenced(HeartbeatMessage message) {
        return !message.type().orElse("").startsWith(UNSEQUENCED);
    }

    /**
     * The message with 3.0.6's control fields, in its order.
     *
     * @param destinationUuid the addressed node's uuid, when the message has {@code dest} and the uuid is known
     */
    public HeartbeatMessage complete(HeartbeatMessage message, Optional<byte[]> destinationUuid, Stamp stamp) {
        boolean sequenced = sequenced(message);
        HeartbeatMessage completed = message;
        if (message.text(HeartbeatMessage.DESTINATION).isPresent() && destinationUuid.isPresent()) {
            completed = completed.with(HeartbeatMessage.DESTINATION_UUID,
                    FieldValue.Bytes.binary(destinationUuid.get()));
        }
        completed = completed.withText(HeartbeatMessage.SOURCE, self)
                .with(HeartbeatMessage.SOURCE_UUID, FieldValue.Bytes.binary(uuid));
        if (sequenced) {
            completed = completed.withText(HeartbeatMessage.SEQUENCE, Long.toHexString(stamp.sequence()));
        }
        completed = completed.withText(HeartbeatMessage.GENERATION, Long.toHexString(stamp.generation()))
                .withText(HeartbeatMessage.TIMESTAMP, Long.toHexString(stamp.epochSeconds()));
        if (sequenced && stamp.load().isPresent()) {
            completed = completed.withText(HeartbeatMessage.LOAD, stamp.load().get());
        }
        return completed.withText(HeartbeatMessage.TTL, Integer.toString(ttl));
    }

    /** The packet as 3.0.6 sends it, signed with the active key. */
    public byte[] encode(HeartbeatMessage completed) {
        return wire.encode(completed);
    }

    private static Field marker() {
        return Field.text(IMPLEMENTATION, JHEARTBEAT);
    }
}
