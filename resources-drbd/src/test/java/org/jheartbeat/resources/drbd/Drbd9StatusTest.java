package org.jheartbeat.resources.drbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jheartbeat.testsupport.Recorded;
import org.junit.jupiter.api.Test;

class Drbd9StatusTest {

    private static final String JSON_SOURCE = "drbdsetup status --json";

    @Test
    void jsonOfASecondaryWhosePeerIsPrimary() {
        // drbdsetup status --json recorded on a SLE 15 SP1 DRBD 9 node, from ClusterLabs/ha_cluster_exporter's
        // drbd test (LINBIT's guide shows no JSON sample).
        DrbdState state = Drbd9Status.fromJson(Recorded.text("drbdsetup-status-json-sle15.json"), "1-single-1",
                JSON_SOURCE);

        assertThat(state.describe()).isEqualTo("cs:Connected ro:Secondary/Primary ds:UpToDate/UpToDate");
        assertThat(state.connectionState()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(Promotion.worthRetrying(state)).isTrue();
    }

    @Test
    void jsonWithoutTheResourceMeansUnconfigured() {
        assertThat(Drbd9Status.fromJson(Recorded.text("drbdsetup-status-json-sle15.json"), "r7", JSON_SOURCE))
                .isEqualTo(DrbdState.unconfigured());
    }

    @Test
    void jsonThatIsNotJsonNamesTheCommand() {
        assertThatThrownBy(() -> Drbd9Status.fromJson("r0 role:Primary", "r0", JSON_SOURCE))
                .isInstanceOf(DrbdStateException.class)
                .hasMessageStartingWith(JSON_SOURCE + ": not JSON");
    }

    @Test
    void jsonWithoutARoleNamesTheMissingField() {
        assertThatThrownBy(() -> Drbd9Status.fromJson("[{\"name\":\"r0\",\"devices\":[]}]", "r0", JSON_SOURCE))
                .isInstanceOf(DrbdStateException.class)
                .hasMessageStartingWith(JSON_SOURCE + ": missing \"role\"");
    }

    @Test
    void textOfAConnectedPrimary() {
        // drbdadm status r0, drbd-utils 9.28.0, from LINBIT/drbd issue #97 (https://github.com/LINBIT/drbd/issues/97).
        DrbdState state = Drbd9Status.fromText(Recorded.text("drbdadm-status-primary-connected.txt"), "r0",
                "drbdadm status r0");

        assertThat(state.describe()).isEqualTo("cs:Connected ro:Primary/Secondary ds:UpToDate/UpToDate");
    }

    @Test
    void textOfAResourceStillConnectingAmongOthers() {
        // drbdadm status of two nodes, https://pastebin.com/4Y80SXzw (leading spaces restored as drbdadm
        // prints them; the paste lost them).
        String text = Recorded.text("drbdadm-status-connecting.txt");

        DrbdState connecting = Drbd9Status.fromText(text, "lab-sysprep", "drbdadm status");
        DrbdState connected = Drbd9Status.fromText(text, "srv00-sql1", "drbdadm status");

        assertThat(connecting.connectionState()).isEqualTo(ConnectionState.CONNECTING);
        assertThat(connecting.disk()).isEqualTo(DiskState.CONSISTENT);
        assertThat(connecting.peerRole()).isEqualTo(Role.UNKNOWN);
        assertThat(connected.describe()).isEqualTo("cs:Connected ro:Secondary/Secondary ds:UpToDate/UpToDate");
        assertThat(Drbd9Status.fromText(text, "absent", "drbdadm status")).isEqualTo(DrbdState.unconfigured());
    }

    @Test
    void textOfASyncTargetWithProgress() {
        // drbdsetup status of a three-node resource during resync,
        // https://gist.github.com/candlerb/86b7630ddbd13fb1626693a02c4daac5 (indentation restored).
        DrbdState state = Drbd9Status.fromText(Recorded.text("drbdsetup-status-synctarget.txt"), "my_ssd_res",
                "drbdsetup status");

        assertThat(state.connectionState()).isEqualTo(ConnectionState.SYNCING);
        assertThat(state.disk()).isEqualTo(DiskState.INCONSISTENT);
        assertThat(state.peerDisk()).isEqualTo(DiskState.UP_TO_DATE);
        assertThat(state.synced()).hasValue(19.40);
        assertThat(Promotion.refusal("my_ssd_res", state)).isPresent();
    }

    @Test
    void textOfDrbdUtils9OnThe84KernelRecordedInTheQemuTestbed() {
        // drbdadm status r0 recorded with drbd-utils 9.22 on DRBD 8.4.11 (recorded/drbd-8.4.11-qemu): connected,
        // cut off from the peer, and StandAlone after a split brain, where the peer is not listed at all.
        String source = "drbdadm status r0";

        assertThat(Drbd9Status.fromText(Recorded.run("drbd-8.4.11-qemu/vm1-11-status").stdout(), "r0", source)
                .describe()).isEqualTo("cs:Connected ro:Primary/Secondary ds:UpToDate/UpToDate");
        assertThat(Drbd9Status.fromText(Recorded.run("drbd-8.4.11-qemu/vm1-18b-status-partitioned").stdout(), "r0",
                source).describe()).isEqualTo("cs:Connecting ro:Secondary/Unknown ds:UpToDate/DUnknown");
        assertThat(Drbd9Status.fromText(Recorded.run("drbd-8.4.11-qemu/vm1-22b-status-standalone").stdout(), "r0",
                source).describe()).isEqualTo("cs:StandAlone ro:Primary/Unknown ds:UpToDate/DUnknown");
    }

    @Test
    void textWithAnUnknownDiskStateNamesTheLine() {
        assertThatThrownBy(() -> Drbd9Status.fromText("r0 role:Secondary\n  disk:Shiny\n", "r0", "drbdadm status r0"))
                .isInstanceOf(DrbdStateException.class)
                .hasMessage("drbdadm status r0:2: unknown DRBD disk state 'Shiny'");
    }
}
