package org.jheartbeat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.jheartbeat.agent.daemon.ReloadOutcome;
import org.jheartbeat.harness.InJvmCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A reload applies only what the files changed (issue 21, item 1), node by node: a group is placed only once every
 * member knows it, a removed group is stopped and started nowhere else, a changed group restarts from its first
 * changed resource, unchanged groups are never touched, and bad files change nothing.
 */
class ReloadTest {

    private InJvmCluster cluster;

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String line(String node, String... groups) {
        StringBuilder line = new StringBuilder(node);
        for (String group : groups) {
            line.append(' ').append(InJvmCluster.groupId(group));
        }
        return line.append('\n').toString();
    }

    private ReloadOutcome reload(String node, String haresources) throws Exception {
        cluster.node(node).writeConfigurationFile("haresources", haresources);
        return cluster.node(node).agent().reload();
    }

    @Test
    void aGroupAddedIsPlacedOnceEveryNodeKnowsItAndNoOtherGroupIsTouched() throws Exception {
        cluster = InJvmCluster.start(2);
        cluster.awaitOwner("g1", "n1");
        cluster.awaitOwner("g2", "n2");
        long g1 = cluster.world().lastStart("n1", "g1");
        long g2 = cluster.world().lastStart("n2", "g2");
        String three = line("n1", "g1") + line("n2", "g2") + line("n2", "g3");

        ReloadOutcome first = reload("n1", three);
        assertThat(first.applied()).isTrue();
        assertThat(first.lines()).containsExactly("group " + InJvmCluster.groupId("g3") + " added (preferred node n2): "
                + "placed as the cluster decides");
        cluster.awaitSettled();
        assertThat(cluster.world().runners("g3")).as("n2 does not know g3 yet").isEmpty();
        assertThat(cluster.node("n1").cluster().view().get().digests().get("n2"))
                .as("n1 sees that n2 runs other files").isNotEqualTo(cluster.node("n1").cluster().view().get()
                        .digests().get("n1"));

        assertThat(reload("n2", three).applied()).isTrue();
        cluster.awaitOwner("g3", "n2");
        assertThat(cluster.world().lastStart("n1", "g1")).as("g1 untouched").isEqualTo(g1);
        assertThat(cluster.world().lastStart("n2", "g2")).as("g2 untouched").isEqualTo(g2);
    }

    @Test
    void aGroupRemovedIsStoppedWhereItRunsAndStartedNowhereElse() throws Exception {
        cluster = InJvmCluster.start(2);
        cluster.awaitOwner("g2", "n2");
        assertThat(reload("n2", line("n1", "g1")).lines()).containsExactly("group " + InJvmCluster.groupId("g2")
                + " removed: stopped where it runs");
        cluster.awaitSettled();
        assertThat(cluster.world().runners("g2")).as("n1, which still has g2, does not start it").isEmpty();
        reload("n1", line("n1", "g1"));
        cluster.awaitSettled();
        assertThat(cluster.world().runners("g2")).isEmpty();
        assertThat(cluster.world().runners("g1")).containsExactly("n1");
    }

    @Test
    void aGroupChangedAfterItsFirstResourceRestartsFromThereWhileTheResourcesBeforeRunOn() throws Exception {
        cluster = InJvmCluster.builder().nodes("n1", "n2").haresources(line("n1", "g", "tail").strip()).startAll();
        cluster.awaitOwner("g", "n1");
        cluster.awaitOwner("tail", "n1");
        long head = cluster.world().lastStart("n1", "g");
        String changed = line("n1", "g", "other");
        reload("n2", changed);
        ReloadOutcome outcome = reload("n1", changed);
        assertThat(outcome.lines()).containsExactly("group " + InJvmCluster.groupId("g") + " changed from resource 2: "
                + "where it runs, it stops " + InJvmCluster.groupId("tail") + ", then starts "
                + InJvmCluster.groupId("other") + "; the resource before it keeps running");
        cluster.awaitOwner("other", "n1");
        cluster.awaitSettled();
        assertThat(cluster.world().runners("tail")).isEmpty();
        assertThat(cluster.world().runners("g")).containsExactly("n1");
        assertThat(cluster.world().lastStart("n1", "g")).as("the first resource never stopped").isEqualTo(head);
    }

    @Test
    void aResourceMovedToAGroupPlacedElsewhereStopsHereBeforeItStartsThere() throws Exception {
        cluster = InJvmCluster.builder().nodes("n1", "n2").haresources(line("n1", "a", "shared").strip()).startAll();
        cluster.awaitOwner("shared", "n1");
        // Slow enough that a start on n2 before the stop on n1 ended would be seen running on both.
        cluster.world().stopTakes("n1", "shared", Duration.ofSeconds(1));
        String moved = line("n2", "b", "shared");

        reload("n2", moved);
        ReloadOutcome outcome = reload("n1", moved);

        assertThat(outcome.lines()).containsExactly("group " + InJvmCluster.groupId("b") + " added (preferred node n2): "
                + "placed as the cluster decides", "group " + InJvmCluster.groupId("a") + " removed: stopped where it "
                + "runs");
        cluster.awaitOwner("b", "n2");
        cluster.awaitOwner("shared", "n2");
        cluster.awaitSettled();
        assertThat(cluster.world().runners("a")).isEmpty();
        assertThat(cluster.violations()).as("the shared resource never ran on both nodes").isEmpty();
    }

    @Test
    void filesThatSayWhatRunsChangeNothing() throws Exception {
        cluster = InJvmCluster.start(2);
        cluster.awaitOwner("g1", "n1");
        long g1 = cluster.world().lastStart("n1", "g1");
        ReloadOutcome outcome = reload("n1", line("n1", "g1") + "# a comment changes no group\n" + line("n2", "g2"));
        assertThat(outcome.applied()).isTrue();
        assertThat(outcome.lines()).containsExactly("Configuration unchanged.");
        cluster.awaitSettled();
        assertThat(cluster.world().lastStart("n1", "g1")).isEqualTo(g1);
    }

    @Test
    void filesWithAnErrorChangeNothingAndSayWhere() throws Exception {
        cluster = InJvmCluster.start(2);
        cluster.awaitOwner("g1", "n1");
        ReloadOutcome outcome = reload("n1", line("n1", "g1") + "n9 " + InJvmCluster.groupId("g9") + "\n");
        assertThat(outcome.applied()).isFalse();
        assertThat(outcome.lines()).anySatisfy(line -> assertThat(line).contains("haresources:2"))
                .last().isEqualTo("nothing changed: the agent runs on as it was");
        assertThat(cluster.node("n1").agent().config().groups()).hasSize(2);
        assertThat(List.copyOf(cluster.world().runners("g1"))).containsExactly("n1");
    }
}
