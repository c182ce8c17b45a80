package org.jheartbeat.agent.heartbeatpeer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatKeys;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatMessage;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatWire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's {@link HeartbeatSpeaker} wired to the machine: its uuid from {@code hb_uuid}, ha.cf's media, the active
 * authkeys key, /proc/loadavg, haresources' groups by heartbeat's classes, what the node holds, and one thread that
 * runs it every keepalive.
 */
public final class HeartbeatPeerLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatPeerLink.class);
    private static final Path LOADAVG = Path.of("/proc/loadavg");

    private final GroupClasses classes;
    private final MediaSockets sockets;
    private final HeartbeatSpeaker speaker;
    private final ScheduledExecutorService timer;
    private volatile HeartbeatSpeaker.HeldHere heldHere = HeartbeatSpeaker.HeldHere.NOTHING;

    private HeartbeatPeerLink(ClusterConfig config, OutgoingMessages messages, long generation,
                              HeartbeatSpeaker.Generations raise, HeartbeatSpeaker.Peers peers,
                              Runnable prepareThread) {
        this.classes = GroupClasses.of(config);
        this.sockets = new MediaSockets(config.haCf().media());
        this.speaker = new HeartbeatSpeaker(messages, config.haCf().nodes(), config.localNode(),
                config.haCf().timing().deadtime(), peers, () -> heldHere,
                config.haCf().autoFailback(), generation, raise, sockets,
                System::nanoTime, Clock.systemUTC(), HeartbeatPeerLink::load, RandomGenerator.getDefault());
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "heartbeat-peer-status");
            thread.setDaemon(true);
            return thread;
        });
        timer.execute(prepareThread);
        long keepalive = config.haCf().timing().keepalive().toMillis();
        timer.scheduleAtFixedRate(this::keepalive, 0, keepalive, TimeUnit.MILLISECONDS);
    }

    /**
     * @param generation    this run's generation
     * @param raise         raises the generation on disk (heartbeat's hb_generation) and returns it
     * @param peers         the heartbeat 3 nodes heard within their deadtime
     * @param prepareThread what the thread that sends this node's status does first: the links' heartbeat threads'
     *                      scheduling ({@code realtime on}), since the heartbeat 3 peers judge this node by its pace
     * @throws IOException    naming the file when this node's hb_uuid can be neither read nor made
     */
    public static HeartbeatPeerLink start(ClusterConfig config, long generation, HeartbeatSpeaker.Generations raise,
                                          HeartbeatSpeaker.Peers peers, Runnable prepareThread) throws IOException {
        byte[] uuid = HeartbeatUuid.loadOrCreate(
                HeartbeatUuid.besideGeneration(config.settings().transport().generationFile()));
        OutgoingMessages messages = new OutgoingMessages(config.localNode(), uuid, config.haCf().nodes(),
                new HeartbeatWire(new HeartbeatKeys(config.authKeys())));
        return new HeartbeatPeerLink(config, messages, generation, raise, peers, prepareThread);
    }

    /** An authentic message from a heartbeat 3 node of ha.cf. */
    public void heard(String node, HeartbeatMessage message) {
        speaker.heard(node, message);
    }

    /**
     * What this node holds now, for its answers to heartbeat peers.
     *
     * @param held     the groups it is starting or running
     * @param changing the groups it is starting or stopping
     */
    public void holding(Set<String> held, Set<String> changing) {
        heldHere = new HeartbeatSpeaker.HeldHere(classes.of(held), !changing.isEmpty(), classes.unconfigured());
    }

    /** The groups heartbeat's rules leave to this node while a heartbeat 3 node is heard. */
    public Set<String> grantedGroups() {
        return classes.groups(speaker.granted());
    }

    /**
     * This node's hb_standby towards the heartbeat 3 peer: heartbeat's three-phase handover ({@link StandbyHandover}).
     *
     * @param word hb_standby's argument: all, local, foreign, or failback (heartbeat's hb_standby asks for foreign
     *             then)
     */
    public void standby(String word) {
        speaker.standby(word);
    }

    /**
     * This node's hb_takeover towards the heartbeat 3 peer: the peer goes standby for the groups and hands them over.
     *
     * @param word hb_takeover's argument: all, local, foreign or failback
     */
    public void takeover(String word) {
        speaker.takeover(word);
    }

    /** Every group is stopped here and the node stops: heartbeat peers are told so ({@link HeartbeatSpeaker#shutDone}). */
    public void shutDone() {
        speaker.shutDone();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        sockets.close();
    }

    private void keepalive() {
        try {
            speaker.keepalive();
        } catch (RuntimeException e) {
            LOG.error("sending heartbeat status failed", e);
        }
    }

    private static Optional<String> load() {
        try {
            return Optional.of(Files.readString(LOADAVG, StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
