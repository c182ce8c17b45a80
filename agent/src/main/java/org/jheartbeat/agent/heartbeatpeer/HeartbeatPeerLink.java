package org.jheartbeat.agent.heartbeatpeer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatKeys;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatMessage;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatWire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's {@link HeartbeatSpeaker} wired to the machine: its uuid from {@code hb_uuid}, ha.cf's media, the active
 * authkeys key, /proc/loadavg, and one thread that runs it every keepalive.
 */
public final class HeartbeatPeerLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatPeerLink.class);
    private static final Path LOADAVG = Path.of("/proc/loadavg");

    private final HeartbeatSpeaker speaker;
    private final MediaSockets sockets;
    private final ScheduledExecutorService timer;

    private HeartbeatPeerLink(HeartbeatSpeaker speaker, MediaSockets sockets, Duration keepalive) {
        this.speaker = speaker;
        this.sockets = sockets;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "heartbeat-peer-status");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::keepalive, 0, keepalive.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * @param generation  this run's generation
     * @param raise       raises the generation on disk (heartbeat's hb_generation) and returns it
     * @param activePeers the heartbeat 3 nodes heard within their deadtime whose last status said active
     * @throws IOException naming the file when this node's hb_uuid can be neither read nor made
     */
    public static HeartbeatPeerLink start(ClusterConfig config, long generation, HeartbeatSpeaker.Generations raise,
                                          Supplier<Set<String>> activePeers) throws IOException {
        byte[] uuid = HeartbeatUuid.loadOrCreate(
                HeartbeatUuid.besideGeneration(config.settings().transport().generationFile()));
        OutgoingMessages messages = new OutgoingMessages(config.localNode(), uuid, config.haCf().nodes(),
                new HeartbeatWire(new HeartbeatKeys(config.authKeys())));
        MediaSockets sockets = new MediaSockets(config.haCf().media());
        HeartbeatSpeaker speaker = new HeartbeatSpeaker(messages, config.haCf().nodes(), config.localNode(),
                config.haCf().timing().deadtime(), activePeers, generation, raise, sockets, System::nanoTime,
                Clock.systemUTC(), HeartbeatPeerLink::load, RandomGenerator.getDefault());
        return new HeartbeatPeerLink(speaker, sockets, config.haCf().timing().keepalive());
    }

    /** An authentic message from a heartbeat 3 node of ha.cf. */
    public void heard(String node, HeartbeatMessage message) {
        speaker.heard(node, message);
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
