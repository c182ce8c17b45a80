package org.jheartbeat.agent.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * ha.cf as jheartbeat honours it. Node names are lower case, as heartbeat compares them.
 *
 * @param udpPort  the port of bcast and ucast media (mcast carries its own)
 * @param deadping how long a ping target may be silent before it counts as unreachable
 * @param ipfail   whether a {@code respawn} line runs heartbeat's ipfail: only then does losing ping targets move
 *                 groups; without it they are watched and reported, as heartbeat does
 * @param rtprio   the real-time priority asked for when {@code realtime} is on; empty for the default
 * @param written  each directive's last value as ha.cf writes it (its last word), the directive written last
 *                 coming last: what heartbeat reports through {@code cl_status hbparameter}
 */
public record HaCf(List<String> nodes, List<Medium> media, Timing timing, java.time.Duration deadping,
                   int udpPort, AutoFailback autoFailback, List<PingTarget> pingTargets, List<Respawn> respawns,
                   boolean ipfail, boolean realtime, OptionalInt rtprio, Optional<Path> watchdog, Logging logging,
                   Map<String, String> written) {

    public HaCf {
        nodes = List.copyOf(nodes);
        media = List.copyOf(media);
        pingTargets = List.copyOf(pingTargets);
        respawns = List.copyOf(respawns);
        written = Collections.unmodifiableMap(new LinkedHashMap<>(written));
    }
}
