package org.jheartbeat.resources.drbd;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What jheartbeat needs from one drbd.conf resource section.
 *
 * @param where            file:line of the resource section, for messages
 * @param wfcTimeout       startup {@code wfc-timeout}: how long DRBD's init script waits for the peer (0 = forever)
 * @param degrWfcTimeout   startup {@code degr-wfc-timeout}: the wait when the cluster was already degraded
 * @param inconDegrCmd     DRBD 0.7's {@code incon-degr-cmd}: what to run when Inconsistent and alone
 * @param handlers         DRBD 8/9 {@code handlers} by name ({@code pri-on-incon-degr}, {@code split-brain}, ...)
 * @param hosts            the names of the {@code on} sections
 * @param sharedMinors     device minors declared outside any {@code on} section
 * @param hostMinors       device minors declared inside an {@code on} section, by host
 * @param fencing          DRBD 8.3+'s {@code fencing} policy ({@code disk} or, DRBD 9, {@code net} section):
 *                         {@code dont-care}, {@code resource-only}, {@code resource-and-stonith}; empty when unset
 */
public record DrbdResourceConfig(String name, String where, Optional<Duration> wfcTimeout,
                                 Optional<Duration> degrWfcTimeout, Optional<String> inconDegrCmd,
                                 Map<String, String> handlers, List<String> hosts, List<Integer> sharedMinors,
                                 Map<String, List<Integer>> hostMinors, Optional<String> fencing) {

    public DrbdResourceConfig {
        handlers = Map.copyOf(handlers);
        hosts = List.copyOf(hosts);
        sharedMinors = List.copyOf(sharedMinors);
        hostMinors = Map.copyOf(hostMinors);
    }

    /** The minors of the resource's devices on {@code host}, which is how /proc/drbd names them. */
    public List<Integer> minorsOn(String host) {
        List<Integer> own = hostMinors.getOrDefault(host, List.of());
        return own.isEmpty() ? sharedMinors : own;
    }

    /** True when drbd.conf names a node other than {@code host}, so that being alone means being cut off. */
    public boolean hasPeerOf(String host) {
        return hosts.stream().anyMatch(other -> !other.equals(host));
    }

    /**
     * How long to wait for the peer at startup. DRBD's init script uses degr-wfc-timeout after a degraded
     * shutdown and wfc-timeout otherwise, which only DRBD's metadata knows; jheartbeat waits degr-wfc-timeout,
     * or the site's wfc-timeout where it set only that, or {@code fallback} (0 means for ever, as in DRBD).
     */
    public PeerWait peerWait(Duration fallback) {
        return degrWfcTimeout.map(wait -> new PeerWait(wait, "degr-wfc-timeout"))
                .or(() -> wfcTimeout.map(wait -> new PeerWait(wait, "wfc-timeout")))
                .orElse(new PeerWait(fallback, "default-degr-wfc-timeout"));
    }

    /** How long to wait for the peer at startup, and which setting said so. */
    public record PeerWait(Duration duration, String setting) {
    }

    /**
     * What the site configured to happen when this node is Inconsistent and alone, as drbd.conf words it:
     * 0.7's {@code incon-degr-cmd} or 8/9's {@code pri-on-incon-degr} handler.
     */
    public Optional<String> inconsistentDegradedAction() {
        return inconDegrCmd.map(command -> "incon-degr-cmd \"" + command + "\"")
                .or(() -> Optional.ofNullable(handlers.get("pri-on-incon-degr"))
                        .map(command -> "handler pri-on-incon-degr \"" + command + "\""));
    }
}
