package org.jheartbeat.resource;

import com.typesafe.config.Config;
import org.jheartbeat.resource.host.Host;
import org.jheartbeat.resource.host.Network;

/**
 * What the agent hands a resource type: its only ways to reach the operating system and the cluster.
 *
 * @param nodeName this node's name as the cluster knows it ({@code uname -n} unless overridden)
 * @param commands runs every OS tool the resource needs
 * @param host     what the resource reads of this machine's state directly (mounts, paths, processes) and the
 *                 few changes it makes without a tool (directories, signals)
 * @param network  the interfaces and addresses of the network the commands run in, read and changed without a tool
 * @param fencer   takes this node out when a resource cannot be made safe (e.g. DRBD inconsistent and alone)
 * @param settings the {@code jheartbeat.resources} section of the agent's HOCON settings; each plugin reads
 *                 its own subsection, whose defaults it ships in its {@code reference.conf}
 */
public record ResourceContext(String nodeName, CommandRunner commands, Host host, Network network,
                              Fencer fencer,
                              Config settings) {
}
