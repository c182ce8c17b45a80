package org.jheartbeat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.testsupport.heartbeat.RecordedHeartbeat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * heartbeat's commands on a jheartbeat cluster built as the one heartbeat 3.0.6 was recorded on (alpha and beta on
 * eth0 and a crossover cable, the client as a ping node, the same ha.cf and haresources; recorded.txt in
 * test-support), answering what heartbeat answered there: every cl_status query, every hbparameter among them, as
 * user nobody; hb_standby and hb_takeover as nobody change nothing. Root only (namespaces).
 */
class HeartbeatCommandsTest {

    private static final Duration START_WAIT = Duration.ofSeconds(60);

    @BeforeAll
    static void needsRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "the cluster builds namespaces: root only");
    }

    @Test
    void clStatusAnswersNobodyAsHeartbeatDidAndNobodyChangesNothing() throws Exception {
        ClusterSetup setup = HeartbeatCommandsRecording.harnessSetup().with(Agent.JHEARTBEAT, Set.of());
        try (ClusterLab cluster = ClusterLab.create(setup, Path.of(System.getProperty("jheartbeat.home",
                "../packaging/target/jheartbeat")))) {
            cluster.addCrossoverCable();
            cluster.appendToHaCf("ping 10.79.0.3");
            cluster.powerOn("alpha");
            assertThat(cluster.awaitAgentStarted("alpha", START_WAIT)).as(cluster::describe).isTrue();
            cluster.powerOn("beta");
            assertThat(cluster.awaitAgentStarted("beta", START_WAIT)).as(cluster::describe).isTrue();
            assertThat(Await.condition(START_WAIT, () -> cluster.vipHolders().equals(List.of("alpha"))
                    && rscstatus(cluster, "alpha").equals("local") && rscstatus(cluster, "beta").equals("local")))
                    .as(cluster::describe).isTrue();

            List<String> mismatches = new ArrayList<>();
            int compared = 0;
            for (RecordedHeartbeat recorded : RecordedHeartbeat.load()) {
                if (!recorded.situation().startsWith("settled, as nobody")) {
                    continue;
                }
                CommandResult answer = run(cluster, recorded);
                compared++;
                String expected = RecordedHeartbeat.normalized(recorded.stdout()) + "|"
                        + RecordedHeartbeat.normalized(recorded.stderr()) + "|" + recorded.exitCode();
                String actual = RecordedHeartbeat.normalized(answer.stdout()) + "|"
                        + RecordedHeartbeat.normalized(answer.stderr()) + "|" + answer.exitCode();
                if (!expected.equals(actual)) {
                    mismatches.add(recorded + "\n  heartbeat:  " + expected.replace("\n", "\\n")
                            + "\n  jheartbeat: " + actual.replace("\n", "\\n"));
                }
            }
            System.out.printf("[e2e] cl_status as nobody: %d recorded answers compared%n", compared);
            assertThat(mismatches).as("answers to nobody that differ from heartbeat 3.0.6's").isEmpty();
            assertThat(compared).isGreaterThan(140);

            for (String handover : List.of("hb_standby", "hb_takeover")) {
                CommandResult refused = cluster.node("alpha").run(command(cluster, "alpha",
                        HeartbeatCommandsRecording.AS_NOBODY, List.of(handover)));
                assertThat(refused.exitCode()).as(refused.describe()).isNotZero();
                assertThat(refused.stderr()).contains("only root may");
            }
            assertThat(rscstatus(cluster, "alpha")).isEqualTo("local");
            assertThat(rscstatus(cluster, "beta")).isEqualTo("local");
            assertThat(cluster.vipHolders()).isEqualTo(List.of("alpha"));
        }
    }

    private static String rscstatus(ClusterLab cluster, String node) {
        return cluster.heartbeatCommand(node, "cl_status", "rscstatus").stdout().strip();
    }

    private static CommandResult run(ClusterLab cluster, RecordedHeartbeat recorded) {
        List<String> program = new ArrayList<>(recorded.program());
        String name = Path.of(program.remove(0)).getFileName().toString();
        List<String> as = recorded.command().subList(0, recorded.command().size() - recorded.program().size());
        List<String> arguments = new ArrayList<>(List.of(name));
        arguments.addAll(program);
        return cluster.node(recorded.node()).run(command(cluster, recorded.node(), as, arguments));
    }

    /** jheartbeat's command of that name with its arguments, run on the node as the user {@code as} says. */
    private static String[] command(ClusterLab cluster, String node, List<String> as, List<String> nameAndArguments) {
        List<String> argv = new ArrayList<>(as);
        argv.add(cluster.commandPath(nameAndArguments.get(0)).toString());
        argv.addAll(nameAndArguments.subList(1, nameAndArguments.size()));
        return argv.toArray(String[]::new);
    }
}
