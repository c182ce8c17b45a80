package org.jheartbeat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.time.Clock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.control.ClusterStates;
import org.jheartbeat.agent.control.ControlServer;
import org.jheartbeat.agent.control.FixedAgent;
import org.jheartbeat.agent.control.HistoryReport;
import org.jheartbeat.agent.control.RequestHandler;
import org.jheartbeat.agent.history.Transition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** hbctl history and hbctl simulate against a real control socket, as an operator reads them. */
class HistoryAndSimulateCommandTest {

    private static final String GROUP = "IPaddr::192.168.0.174/24/eth0";

    @TempDir
    Path dir;
    private ControlServer server;
    private FixedAgent agent;
    private Path socket;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        ClusterConfig config = ClusterStates.reference(dir);
        agent = new FixedAgent(config, ClusterStates.referenceRunning(config));
        socket = dir.resolve("control.sock");
        server = ControlServer.open(socket, new RequestHandler(agent, new RelayedCommands(Clock.systemUTC())));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int hbctl(String... args) {
        CommandLine commandLine = Hbctl.commandLine(args[0]);
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        String[] withSocket = new String[args.length + 2];
        System.arraycopy(args, 0, withSocket, 0, args.length);
        withSocket[args.length] = "--socket";
        withSocket[args.length + 1] = socket.toString();
        return commandLine.execute(withSocket);
    }

    private static Transition failover() {
        return new Transition("failover", GROUP, "slave", Instant.parse("2026-11-25T18:44:18Z"), "running", List.of(
                new Transition.Step("node-lost", "slave", 0, null),
                new Transition.Step("decided", "acquire here", 1510, null),
                new Transition.Step("started", GROUP, 1522, 12L),
                new Transition.Step("started", "drbddisk::r0", 1610, 88L),
                new Transition.Step("running", GROUP, 1611, null)));
    }

    @Test
    void historyPrintsEachTransitionWithItsStepsInOrder() {
        agent.remember(new HistoryReport("master", 64, List.of(failover())));
        assertThat(hbctl("history")).as("exit code; stderr: " + err).isEqualTo(HbctlExit.OK);
        String text = out.toString();
        assertThat(text).contains("Transitions on master, oldest first (the last 64 are kept):")
                .contains("failover " + GROUP + " from slave: running after 1611 ms");
        assertThat(text.indexOf("node-lost")).isLessThan(text.indexOf("decided"));
        assertThat(text.indexOf("decided")).isLessThan(text.indexOf("drbddisk::r0 (88 ms)"));
        assertThat(text).containsPattern("\\+1522 ms  started +IPaddr::192.168.0.174/24/eth0 \\(12 ms\\)");
    }

    @Test
    void historyJsonCarriesEveryField() throws Exception {
        agent.remember(new HistoryReport("master", 64, List.of(failover())));
        assertThat(hbctl("history", "--json")).isEqualTo(HbctlExit.OK);
        Map<String, Object> json = JSON.std.mapFrom(out.toString());
        assertThat(json).containsEntry("node", "master").containsEntry("kept", 64);
        @SuppressWarnings("unchecked")
        Map<String, Object> first = ((List<Map<String, Object>>) json.get("transitions")).get(0);
        assertThat(first).containsEntry("kind", "failover").containsEntry("peer", "slave")
                .containsEntry("outcome", "running").containsKey("began");
        assertThat((List<?>) first.get("steps")).hasSize(5);
    }

    @Test
    void simulatedStandbyStopsEverywhereFirstThenStartsInStartOrder() {
        assertThat(hbctl("simulate", "standby")).as("stderr: " + err).isEqualTo(HbctlExit.OK);
        String text = out.toString();
        assertThat(text).contains("Simulated on master: standby master all (nothing was changed)")
                .contains("1. stop  " + GROUP + " on master (round 1: nfs-kernel-server, "
                        + "Filesystem::/dev/drbd0::/data::ext3, drbddisk::r0, " + GROUP + ")")
                .contains("2. start " + GROUP + " on slave (round 2: " + GROUP + ", drbddisk::r0, "
                        + "Filesystem::/dev/drbd0::/data::ext3, nfs-kernel-server)");
        assertThat(text.substring(text.indexOf("Then:"))).contains(GROUP + "  on slave");
        assertThat(agent.requests).as("a simulation asks the agent for nothing").isEmpty();
    }

    @Test
    void simulatedFailureOfTheOwnerStartsTheGroupOnTheSurvivorAsJson() throws Exception {
        assertThat(hbctl("simulate", "fail", "master", "--json")).isEqualTo(HbctlExit.OK);
        Map<String, Object> json = JSON.std.mapFrom(out.toString());
        assertThat(json).containsEntry("event", "fail master");
        assertThat((List<?>) json.get("actions")).singleElement().asString()
                .contains("action=start").contains("node=slave").contains("round=1");
        assertThat((List<?>) json.get("groups")).singleElement().asString()
                .contains("before=master").contains("after=slave");
    }

    @Test
    void aSimulationThatCannotHappenIsRefusedNamingTheNode() {
        assertThat(hbctl("simulate", "fail", "nosuch")).isEqualTo(HbctlExit.REFUSED);
        assertThat(err.toString()).contains("node nosuch is not a member of the cluster (members: master, slave)");
        assertThat(hbctl("simulate", "return", "slave")).isEqualTo(HbctlExit.REFUSED);
        assertThat(err.toString()).contains("node slave is a member already");
    }

    @Test
    void aSimulationWithoutItsNodeOrWithAnUnknownEventIsAUsageError() {
        assertThat(hbctl("simulate", "fail")).isEqualTo(HbctlExit.USAGE);
        assertThat(err.toString()).contains("simulate fail needs one NODE");
        assertThat(hbctl("simulate", "explode", "slave")).isEqualTo(HbctlExit.USAGE);
        assertThat(err.toString()).contains("unknown event 'explode'");
    }

    @Test
    void historyWithoutAnAgentSaysSoAndExitsThree() {
        server.close();
        assertThat(hbctl("history")).isEqualTo(HbctlExit.NOT_RUNNING);
    }
}
