package org.jheartbeat.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a reload applies, and what it leaves for a restart: by what the files mean, not how they are written. */
class ConfigDifferenceTest {

    private static final String VIP = "IPaddr::192.168.0.174/24/eth0";
    private static final String NFS = "master " + VIP + " drbddisk::r0 Filesystem::/dev/drbd0::/data::ext3 "
            + "nfs-kernel-server\n";
    private static final String WEB = "slave IPaddr::192.168.0.175/24/eth0 apache2\n";

    @TempDir
    Path before;
    @TempDir
    Path after;

    private ClusterConfig running(String haresources) {
        return ConfigDir.valid(before).haresources(haresources).load("master").config().orElseThrow();
    }

    private ClusterConfig next(String haCf, String haresources) {
        return ConfigDir.valid(after).haCf(haCf).haresources(haresources).load("master").config().orElseThrow();
    }

    @Test
    void theSameMeaningWrittenOtherwiseIsNoChange() {
        ConfigDifference difference = ConfigDifference.between(running(NFS + WEB),
                next("# reordered, commented\nnode master slave\nbcast eth0\ndeadtime 10\nkeepalive 2\n"
                        + "auto_failback on\n", "# the web group\n" + WEB.replace(" apache2", " \\\n apache2")
                        + "\n" + NFS));
        assertThat(difference.none()).as(difference.lines().toString()).isTrue();
        assertThat(difference.lines()).isEmpty();
    }

    @Test
    void groupsAddedRemovedAndChangedAreNamedWithTheFirstChangedResource() {
        ConfigDifference difference = ConfigDifference.between(running(NFS + WEB),
                next(ConfigDir.HA_CF, NFS.replace("nfs-kernel-server", "nfs-ganesha")
                        + "slave IPaddr::192.168.0.176/24/eth0\n"));
        assertThat(difference.added()).extracting(ResourceGroup::id).containsExactly("IPaddr::192.168.0.176/24/eth0");
        assertThat(difference.removed()).containsExactly("IPaddr::192.168.0.175/24/eth0");
        assertThat(difference.changed()).singleElement().satisfies(change -> {
            assertThat(change.after().id()).isEqualTo(VIP);
            assertThat(change.firstChanged()).isEqualTo(3);
            assertThat(change.resourcesChanged()).isTrue();
        });
        assertThat(difference.firstChanged(VIP)).isEqualTo(3);
        assertThat(difference.needRestart()).isEmpty();
        assertThat(difference.lines()).containsExactly(
                "group IPaddr::192.168.0.176/24/eth0 added (preferred node slave): placed as the cluster decides",
                "group IPaddr::192.168.0.175/24/eth0 removed: stopped where it runs",
                "group " + VIP + " changed from resource 4: where it runs, it stops nfs-kernel-server, then starts "
                        + "nfs-ganesha; the 3 resources before it keep running");
    }

    @Test
    void aResourceAppendedStartsAfterTheOthersAndOnlyAPreferredNodeChangeRestartsNothing() {
        ConfigDifference appended = ConfigDifference.between(running(NFS), next(ConfigDir.HA_CF,
                NFS.replace("\n", " exportfs\n")));
        assertThat(appended.changed()).singleElement().satisfies(change -> assertThat(change.firstChanged())
                .isEqualTo(4));
        assertThat(appended.lines()).containsExactly("group " + VIP + " changed from resource 5: where it runs, it "
                + "starts exportfs; the 4 resources before it keep running");

        ConfigDifference shortened = ConfigDifference.between(running(NFS), next(ConfigDir.HA_CF,
                "master " + VIP + " drbddisk::r0\n"));
        assertThat(shortened.lines()).containsExactly("group " + VIP + " changed from resource 3: where it runs, it "
                + "stops nfs-kernel-server, Filesystem::/dev/drbd0::/data::ext3; the 2 resources before it keep running");

        ConfigDifference moved = ConfigDifference.between(running(NFS), next(ConfigDir.HA_CF,
                NFS.replace("master ", "slave ")));
        assertThat(moved.changed()).singleElement().satisfies(change -> assertThat(change.resourcesChanged())
                .isFalse());
        assertThat(moved.lines()).containsExactly("group " + VIP + " preferred node master -> slave: placed as the "
                + "cluster decides");
    }

    @Test
    void autoFailbackAndLoggingApplyWhileTimingMediaAndKeysWaitForARestart() {
        ClusterConfig was = running(NFS);
        ClusterConfig is = ConfigDir.valid(after).haCf("""
                keepalive 1
                deadtime 5
                ucast eth1 10.0.0.2
                node master slave
                auto_failback off
                logfacility local0
                """).haresources(NFS).authkeys("auth 2\n2 sha1 another-secret\n").load("master").config()
                .orElseThrow();
        ConfigDifference difference = ConfigDifference.between(was, is);
        assertThat(difference.applied()).containsExactly("ha.cf auto_failback: on -> off",
                "ha.cf logging (logfacility, logfile, debugfile, debug): applied");
        assertThat(difference.needRestart()).containsExactly("ha.cf media (bcast, mcast, ucast, udpport)",
                "ha.cf timing (keepalive, warntime, deadtime, initdead)",
                // deadping defaults to deadtime
                "ha.cf ping, ping_group, deadping", "authkeys");
        assertThat(difference.lines()).contains("authkeys changed: not applied; it takes effect when the agent is "
                + "restarted (systemctl restart heartbeat restarts it in place, its groups running on)");

        ClusterConfig effective = ConfigDifference.effective(was, is);
        assertThat(effective.haCf().autoFailback()).isEqualTo(AutoFailback.OFF);
        assertThat(effective.haCf().logging()).isEqualTo(is.haCf().logging());
        assertThat(effective.haCf().timing()).isEqualTo(was.haCf().timing());
        assertThat(effective.haCf().media()).isEqualTo(was.haCf().media());
        assertThat(effective.authKeys()).isEqualTo(was.authKeys());
        assertThat(effective.groups()).isEqualTo(is.groups());
    }
}
