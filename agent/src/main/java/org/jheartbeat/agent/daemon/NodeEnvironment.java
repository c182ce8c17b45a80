package org.jheartbeat.agent.daemon;

import com.google.common.base.Ticker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.fencing.Fencers;
import org.jheartbeat.agent.fencing.FencingCause;
import org.jheartbeat.agent.membership.LinkFactory;
import org.jheartbeat.agent.membership.MediaLinks;
import org.jheartbeat.agent.network.LinuxNetwork;
import org.jheartbeat.resource.CommandRunner;
import org.jheartbeat.resource.Fencer;
import org.jheartbeat.resource.host.Host;
import org.jheartbeat.resource.host.LinuxHost;
import org.jheartbeat.resource.host.Network;

/**
 * What a node's agent takes from the machine it runs on, and nothing else: its clocks, the way it takes itself
 * out of the cluster, its links to the peers, and the machine state and network its resources read and change. A
 * real node uses {@link #machine()}; the in-JVM cluster harness gives each simulated node its own, and everything
 * else is assembled alike ({@link NodeAgent#assemble}).
 */
public interface NodeEnvironment {

    /** The wall clock: for what a person reads (status, logs) and what must outlast a restart. */
    Clock clock();

    /**
     * The monotonic clock, which every wait, pause and freeze is measured on, so that a step of the wall clock (NTP,
     * {@code date -s}) changes nothing the agent does.
     */
    default Ticker ticker() {
        return Ticker.systemTicker();
    }

    /**
     * @param cause    why the node would fence itself with it: heartbeat's method differs by cause
     * @param commands the runner the node's resources use
     */
    Fencer fencer(ClusterConfig config, FencingCause cause, CommandRunner commands);

    LinkFactory links(ClusterConfig config);

    /** The machine's state as the resources read it. */
    Host host();

    /**
     * The network the resources' tools run in, as the resources read and change it without a tool: this process's
     * own, which the in-JVM harness's simulated nodes share too.
     *
     * @throws UncheckedIOException when no netlink socket can be had
     */
    default Network network() {
        try {
            return LinuxNetwork.ofThisProcess();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The machine the agent runs on: the system clock, the fencing method of the settings, ha.cf's media. */
    static NodeEnvironment machine() {
        return new NodeEnvironment() {
            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }

            @Override
            public Fencer fencer(ClusterConfig config, FencingCause cause, CommandRunner commands) {
                return Fencers.create(config.settings().fencing(), cause, commands);
            }

            @Override
            public LinkFactory links(ClusterConfig config) {
                return (generation, threads) -> MediaLinks.of(config, generation, threads);
            }

            @Override
            public Host host() {
                return new LinuxHost();
            }
        };
    }
}
