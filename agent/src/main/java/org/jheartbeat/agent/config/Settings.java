package org.jheartbeat.agent.config;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.jheartbeat.agent.fencing.FencingSettings;
import org.jheartbeat.agent.group.GroupPolicy;

/**
 * The HOCON settings ({@code jheartbeat.conf} over {@code reference.conf}), typed and checked.
 *
 * @param groups        operation timeouts, stop retries and monitoring of the group managers
 * @param failureExpiry how long after a failure a node stays marked for the group (unless another node runs it)
 * @param restartGrace  how long the peers keep the groups of a node whose agent restarts in place for it to come back
 * @param resources     the {@code jheartbeat.resources} section, which each plugin reads its own part of
 */
public record Settings(Path controlSocket, GroupPolicy groups, Duration failureExpiry, Duration restartGrace,
                       FencingSettings fencing,
                       Transport transport, Metrics metrics, Config resources) {

    /**
     * @param generationFile where this node's generation is kept (heartbeat's {@code hb_generation})
     */
    public record Transport(Optional<Path> stackFile, Path generationFile) {
    }

    public record Metrics(boolean jmx, boolean prometheus, String prometheusAddress, int prometheusPort) {
    }
}
