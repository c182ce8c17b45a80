package org.jheartbeat.agent.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jheartbeat.agent.config.AuthKeys;
import org.jheartbeat.agent.config.ConfigProblem;
import org.jheartbeat.agent.config.HaCf;
import org.jheartbeat.agent.config.Medium;
import org.jheartbeat.agent.config.Respawn;
import org.jheartbeat.agent.config.SourceLocation;
import org.jheartbeat.agent.membership.Interfaces;
import org.jheartbeat.resource.ProcessCommandRunner;

/**
 * What {@code hbctl config check} finds by comparing the configuration with this node: the same medium twice, ucast
 * lines that all name this node, respawn programs or users this machine does not have (only when the node checked is
 * this machine, not another one named with --node), and the sample's placeholder secret. The files may be right for
 * another node, so these are warnings, but an error where no medium could carry anything from here. A medium on an
 * interface this node lacks, or one with no address of the node's own, is an error of its link
 * ({@link ConfigCheckCommand}), as the agent refuses to start on it.
 *
 * @param interfaces this node's network interfaces by name, with their addresses
 * @param addresses  the same in the kernel's order and with its flags, as the agent's links choose what they bind
 */
record NodeFacts(Map<String, List<InetAddress>> interfaces, Interfaces addresses) {

    /** The sample authkeys' placeholder, which must never reach a cluster. */
    static final String SAMPLE_SECRET = "CHANGE-ME";

    static NodeFacts ofThisNode() {
        Map<String, List<InetAddress>> interfaces = new TreeMap<>();
        try {
            for (NetworkInterface device : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                interfaces.put(device.getName(), Collections.list(device.getInetAddresses()));
            }
        } catch (SocketException e) {
            interfaces = Map.of();
        }
        return new NodeFacts(interfaces, Interfaces.kernel(new ProcessCommandRunner()));
    }

    /** @param thisMachine whether the node checked is this machine, so that its interfaces and addresses count */
    List<ConfigProblem> problems(HaCf haCf, AuthKeys authKeys, boolean thisMachine) {
        List<ConfigProblem> problems = new ArrayList<>();
        authKeys.keys().values().stream().filter(key -> key.secret() != null && key.secret().contains(SAMPLE_SECRET))
                .forEach(key -> problems.add(warning(key.location(), "key " + key.index() + " is the sample's "
                        + "placeholder: write a long random secret (the same on every node), e.g. from "
                        + "'openssl rand -hex 32'")));
        if (!thisMachine) {
            return problems;
        }
        haCf.respawns().forEach(respawn -> problems.addAll(respawnProblems(respawn)));
        int usable = 0;
        Set<String> seen = new HashSet<>();
        List<Medium.Unicast> unicasts = new ArrayList<>();
        int ownUnicasts = 0;
        for (Medium medium : haCf.media()) {
            if (!seen.add(ConfigReport.medium(medium))) {
                problems.add(warning(medium.location(), ConfigReport.medium(medium) + " is listed twice: the "
                        + "second line adds no path"));
            }
            if (!interfaces.isEmpty() && !interfaces.containsKey(medium.device())) {
                continue;
            }
            if (medium instanceof Medium.Unicast unicast) {
                unicasts.add(unicast);
                if (isOwnAddress(unicast.peer())) {
                    ownUnicasts++;
                    continue;
                }
            }
            usable++;
        }
        if (!unicasts.isEmpty() && ownUnicasts == unicasts.size() && usable == 0) {
            problems.add(warning(unicasts.get(0).location(), "every ucast line names this node's own address ("
                    + unicasts.stream().map(Medium.Unicast::peer).toList() + "): heartbeat and jheartbeat ignore such "
                    + "lines, so no ucast reaches another node; name the other nodes' addresses"));
        }
        if (!haCf.media().isEmpty() && usable == 0) {
            problems.add(new ConfigProblem(ConfigProblem.Severity.ERROR, haCf.media().get(0).location(),
                    "no medium of ha.cf can carry heartbeats from this node: the agent would never see another node"));
        }
        return problems;
    }

    /** What the agent's respawn would stumble on: runuser refusing an unknown user, exec failing on the program. */
    private static List<ConfigProblem> respawnProblems(Respawn respawn) {
        List<ConfigProblem> problems = new ArrayList<>();
        String program = respawn.command().get(0);
        if (!Files.isExecutable(Path.of(program)) || Files.isDirectory(Path.of(program))) {
            problems.add(warning(respawn.location(), "respawn program " + program + " is not an executable file "
                    + "here: the agent tries to start it again every second, logging each failure"));
        }
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(respawn.user());
        } catch (UserPrincipalNotFoundException e) {
            problems.add(warning(respawn.location(), "respawn user " + respawn.user() + " does not exist here: "
                    + "runuser refuses to start " + program + " as that user, again every second"));
        } catch (IOException e) {
            problems.add(warning(respawn.location(), "cannot look up respawn user " + respawn.user() + ": "
                    + e.getMessage()));
        }
        return problems;
    }

    private boolean isOwnAddress(String peer) {
        try {
            InetAddress address = InetAddress.getByName(peer);
            return interfaces.values().stream().anyMatch(addresses -> addresses.contains(address));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static ConfigProblem warning(SourceLocation location, String message) {
        return new ConfigProblem(ConfigProblem.Severity.WARNING, location, message);
    }
}
