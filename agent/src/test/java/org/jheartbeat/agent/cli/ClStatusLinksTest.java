package org.jheartbeat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jheartbeat.agent.cluster.ClusterView;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.control.ClusterStates;
import org.jheartbeat.agent.control.ControlServer;
import org.jheartbeat.agent.control.FixedAgent;
import org.jheartbeat.agent.control.RequestHandler;
import org.jheartbeat.agent.control.StatusBuilder;
import org.jheartbeat.agent.membership.Membership;
import org.jheartbeat.agent.ownership.NodeState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cl_status on a node whose ha.cf puts two media on one interface: the agent names those links eth0/bcast and
 * eth0/ucast, and cl_status names them as heartbeat names its media, by interface (heartbeat 3.0.6's config.c gives
 * each medium a link named after its interface, so it lists eth0 twice and hblinkstatus answers for the first).
 */
class ClStatusLinksTest {

    private static final String HA_CF = "keepalive 200ms\ndeadtime 1\nudpport 694\nbcast eth0\nucast eth0 10.79.0.2\n"
            + "bcast eth1\nnode alpha\nnode beta\nauto_failback off\n";

    @TempDir
    Path dir;
    private ControlServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    /** beta is seen on eth0's ucast link and on eth1, not on eth0's broadcast. */
    private String clStatus(String... args) throws Exception {
        ClusterConfig config = ClusterStates.load(Files.createDirectories(dir.resolve("etc")), "alpha", HA_CF,
                "alpha IPaddr::10.79.0.100/24/eth0\n");
        Map<String, Set<String>> links = new LinkedHashMap<>();
        links.put("eth0/bcast", Set.of("alpha"));
        links.put("eth1", Set.of("alpha", "beta"));
        links.put("eth0/ucast", Set.of("alpha", "beta"));
        Map<String, NodeState> states = Map.of("alpha", NodeState.idle("alpha"), "beta", NodeState.idle("beta"));
        ClusterView view = new ClusterView("alpha", states.keySet(), "alpha", states, Optional.empty());
        Path socket = dir.resolve("control.sock");
        server = ControlServer.open(socket, new RequestHandler(new FixedAgent(config, new StatusBuilder(config,
                "0.1.0", "0").build(view, links, Membership.Standing.CLEAR, List.of(), ClusterStates.NOW)),
                new RelayedCommands(Clock.systemUTC())));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        int exit = new ClStatus(new ControlClient(socket), stdout, stdout, Clock.systemDefaultZone(),
                ProcessHandle.current().pid()).run(List.of(args));
        return out.toString(StandardCharsets.UTF_8) + "exit " + exit;
    }

    @Test
    void listhblinksNamesEachLinkByItsInterfaceLastConfiguredFirst() throws Exception {
        assertThat(clStatus("listhblinks", "-v", "beta")).isEqualTo("\teth0\tup\n\teth1\tup\n\teth0\tdead\nexit 0");
    }

    @Test
    void hblinkstatusAnswersForTheFirstConfiguredLinkOnTheInterface() throws Exception {
        assertThat(clStatus("hblinkstatus", "beta", "eth0")).isEqualTo("dead\nexit 1");
        server.close();
        assertThat(clStatus("hblinkstatus", "beta", "eth1")).isEqualTo("up\nexit 0");
    }
}
