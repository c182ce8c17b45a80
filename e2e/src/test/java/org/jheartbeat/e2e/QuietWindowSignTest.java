package org.jheartbeat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.jheartbeat.e2e.QuietWindow.Sign;
import org.junit.jupiter.api.Test;

/**
 * The log lines a quiet window counts. heartbeat 3.0.6's are from its ha-log after a failover in namespaces
 * (/work/shared/testbed/heartbeat/REPORT.md, the testbed's run of the real daemon); jheartbeat's from its agent logs
 * in the e2e and real-kernel runs (issue 13's notes, vmtest/README.md).
 */
class QuietWindowSignTest {

    @Test
    void heartbeatsFailoverLinesAreFalseFailureSigns() {
        assertThat(Sign.of("WARN: node alpha: is dead")).contains(Sign.NODE_DEAD);
        assertThat(Sign.of("info: Link alpha:eth0 dead.")).contains(Sign.NODE_DEAD);
        assertThat(Sign.of("info: Resources being acquired from alpha.")).contains(Sign.GROUP_MOVED);
        assertThat(Sign.of("info: Taking over resource group IPaddr::10.77.0.100/24/eth0")).contains(Sign.GROUP_MOVED);
        assertThat(Sign.of("info: mach_down takeover complete.")).contains(Sign.GROUP_MOVED);
        assertThat(Sign.of("CRIT: Cluster node beta returning after partition.")).contains(Sign.SPLIT);
    }

    @Test
    void jheartbeatsFailoverLinesAreFalseFailureSigns() {
        assertThat(Sign.of("WARN  o.j.agent.cluster.ClusterNode - node beta dead")).contains(Sign.NODE_DEAD);
        assertThat(Sign.of("INFO  o.j.agent.cluster.ClusterNode - group IPaddr::10.79.0.100/24/eth0 acquiring on beta"))
                .contains(Sign.GROUP_MOVED);
        assertThat(Sign.of("ERROR node alpha was frozen for longer than deadtime 1000 ms: its peers have declared it"
                + " dead; stopping every group before doing anything else")).contains(Sign.FROZEN);
        assertThat(Sign.of("WARN  org.jgroups.protocols.pbcast.ClientGmsImpl - alpha: too many JOIN attempts (10):"
                + " becoming singleton")).contains(Sign.SPLIT);
    }

    @Test
    void lateHeartbeatIsAWarningNotAFailure() {
        Optional<Sign> late = Sign.of("link eth1: late heartbeat from vm1: nothing heard for 1011 ms (warntime 500 ms)");
        assertThat(late).contains(Sign.LATE_HEARTBEAT);
        assertThat(late.get().isFailure()).isFalse();
        assertThat(Sign.of("WARN: Late heartbeat: Node beta: interval 1210 ms")).contains(Sign.LATE_HEARTBEAT);
    }

    @Test
    void everydayLinesAreNoSign() {
        assertThat(Sign.of("INFO  o.j.agent.cluster.ClusterNode - node beta alive")).isEmpty();
        assertThat(Sign.of("INFO  o.j.agent.daemon.Daemon - node alpha started")).isEmpty();
        assertThat(Sign.of("info: Initial resource acquisition complete (T_RESOURCES(us))")).isEmpty();
    }
}
