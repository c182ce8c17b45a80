package org.jheartbeat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.jheartbeat.e2e.ClusterSetup.Service;
import org.junit.jupiter.api.Test;

/** How a setup names and addresses its nodes and groups, and the haresources every node gets. */
class ClusterSetupTest {

    private static ClusterSetup scale(int nodes, int groups) {
        return new ClusterSetup(Agent.JHEARTBEAT, "200ms", "2", "1", "10", true, Set.of(), nodes, groups);
    }

    @Test
    void theSeedKeepsItsNamesAndAddresses() {
        ClusterSetup seed = ClusterSetup.seed();
        assertThat(seed.nodeNames()).containsExactly("alpha", "beta");
        assertThat(seed.nodeAddress(1)).isEqualTo("10.79.0.2");
        assertThat(seed.clientAddress()).isEqualTo("10.79.0.3");
        assertThat(seed.vips()).containsExactly(ClusterLab.VIP);
    }

    @Test
    void aLargerClusterSpreadsOneGroupPerNodeAndPutsTheClientAfterTheNodes() {
        ClusterSetup setup = scale(16, 16);
        assertThat(setup.nodeNames()).hasSize(16).startsWith("alpha", "beta", "gamma").endsWith("pi");
        assertThat(setup.clientAddress()).isEqualTo("10.79.0.17");
        assertThat(setup.vip(15)).isEqualTo("10.79.0.115");
        assertThat(setup.preferredNode(15)).isEqualTo("pi");
        assertThat(scale(3, 5).preferredNode(4)).isEqualTo("beta");
    }

    @Test
    void haresourcesHasOneAddressGroupPerLineEachNamingItsNodeFirst() {
        Path run = Path.of("/tmp/run");
        String haresources = new ClusterFiles(scale(3, 3), run, null, run.resolve("data"), null).haresources(run);
        assertThat(haresources.lines()).containsExactly("alpha IPaddr::10.79.0.100/24/eth0",
                "beta IPaddr::10.79.0.101/24/eth0", "gamma IPaddr::10.79.0.102/24/eth0");
    }

    @Test
    void drbdAndIscsiNeedTwoNodesWhileTheSharedFilesystemAndNfsRunOnAny() {
        assertThatThrownBy(() -> new ClusterSetup(Agent.JHEARTBEAT, "200ms", "1", "500ms", "2", false,
                EnumSet.of(Service.DRBD, Service.FILESYSTEM), 3, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("on two nodes only");
        assertThat(new ClusterSetup(Agent.JHEARTBEAT, "200ms", "1", "500ms", "2", false,
                EnumSet.of(Service.FILESYSTEM, Service.NFS), 5, 3).runs(Service.NFS)).isTrue();
        assertThatThrownBy(() -> scale(25, 1)).hasMessageContaining("2 to 24 nodes");
        assertThatThrownBy(() -> scale(2, 0)).hasMessageContaining("1 to 155 groups");
    }
}
