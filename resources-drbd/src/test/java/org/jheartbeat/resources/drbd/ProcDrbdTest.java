package org.jheartbeat.resources.drbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jheartbeat.testsupport.Recorded;
import org.junit.jupiter.api.Test;

class ProcDrbdTest {

    // The three /proc/drbd samples of DRBD 0.7.10 in the seed (seed/000_66f7adda88457fb8.txt), verbatim.

    @Test
    void seedBeforeInitialSyncIsConnectedSecondaryInconsistentWithMinorOneUnconfigured() {
        ProcDrbd proc = ProcDrbd.parse(Recorded.text("proc-drbd-0.7-connected-inconsistent.txt"), "/proc/drbd");

        assertThat(proc.version()).contains("0.7.10");
        assertThat(proc.reportsResourcesElsewhere()).isFalse();
        DrbdState r0 = proc.device(0);
        assertThat(r0.connectionState()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(r0.role()).isEqualTo(Role.SECONDARY);
        assertThat(r0.peerRole()).isEqualTo(Role.SECONDARY);
        assertThat(r0.disk()).isEqualTo(DiskState.INCONSISTENT);
        assertThat(r0.peerDisk()).as("0.7's ld: shows only the local disk").isEqualTo(DiskState.UNKNOWN);
        assertThat(proc.device(1)).isEqualTo(DrbdState.unconfigured());
    }

    @Test
    void seedDuringInitialSyncCarriesTheProgressLine() {
        DrbdState r0 = ProcDrbd.parse(Recorded.text("proc-drbd-0.7-syncsource.txt"), "/proc/drbd").device(0);

        assertThat(r0.connection()).isEqualTo("SyncSource");
        assertThat(r0.connectionState()).isEqualTo(ConnectionState.SYNCING);
        assertThat(r0.role()).isEqualTo(Role.PRIMARY);
        assertThat(r0.disk()).isEqualTo(DiskState.CONSISTENT);
        assertThat(r0.synced()).hasValue(53.1);
        assertThat(r0.describe()).isEqualTo("cs:SyncSource ro:Primary/Secondary ds:Consistent/DUnknown sync'ed:53.1%");
    }

    @Test
    void seedAfterSyncHasNoVersionLineAndStillParses() {
        ProcDrbd proc = ProcDrbd.parse(Recorded.text("proc-drbd-0.7-synced.txt"), "/proc/drbd");

        assertThat(proc.version()).isEmpty();
        assertThat(proc.device(0).role()).isEqualTo(Role.PRIMARY);
        assertThat(proc.device(0).connectionState()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(proc.device(0).synced()).isEmpty();
    }

    @Test
    void drbd82UsersGuideSampleUsesStAndDs() {
        // DRBD User's Guide (8.2), "Retrieving status information through /proc/drbd",
        // http://www.drbd.org/users-guide/ch-admin.html
        DrbdState r0 = ProcDrbd.parse(Recorded.text("proc-drbd-8.2-users-guide.txt"), "/proc/drbd").device(0);

        assertThat(r0.role()).isEqualTo(Role.SECONDARY);
        assertThat(r0.disk()).isEqualTo(DiskState.UP_TO_DATE);
        assertThat(r0.peerDisk()).isEqualTo(DiskState.UP_TO_DATE);
    }

    @Test
    void drbd84RecordedInTheQemuTestbedUsesRoAndDs() {
        // Recorded on this machine's qemu testbed (stock Debian bookworm kernel, DRBD 8.4.11),
        // /work/shared/testbed/qemu/REPORT.md, "/proc/drbd after sync (vm1)".
        ProcDrbd proc = ProcDrbd.parse(Recorded.text("proc-drbd-8.4.11-qemu.txt"), "/proc/drbd");

        assertThat(proc.version()).contains("8.4.11");
        assertThat(proc.device(0).describe()).isEqualTo("cs:Connected ro:Primary/Secondary ds:UpToDate/UpToDate");
        assertThat(proc.device(1)).as("8.4 leaves unconfigured minors out").isEqualTo(DrbdState.unconfigured());
    }

    @Test
    void drbd9ListsNoResources() {
        // /proc/drbd of DRBD 9.0.6, https://pastebin.com/EnK64YSw (a LINBIT build).
        ProcDrbd proc = ProcDrbd.parse(Recorded.text("proc-drbd-9.0.6.txt"), "/proc/drbd");

        assertThat(proc.reportsResourcesElsewhere()).isTrue();
        assertThat(proc.devices()).isEmpty();
    }

    @Test
    void unknownStateNamesFileAndLine() {
        assertThatThrownBy(() -> ProcDrbd.parse("version: 8.4.11 (api:1/proto:86-101)\n"
                + " 0: cs:Connected ro:Primary/Tertiary ds:UpToDate/UpToDate C r-----\n", "/proc/drbd"))
                .isInstanceOf(DrbdStateException.class)
                .hasMessage("/proc/drbd:2: unknown DRBD role 'Tertiary'");
    }

    @Test
    void deviceLineWithoutRolesIsRejected() {
        assertThatThrownBy(() -> ProcDrbd.parse(" 0: cs:Connected\n", "/proc/drbd"))
                .isInstanceOf(DrbdStateException.class)
                .hasMessageStartingWith("/proc/drbd:1: device line without roles");
    }
}
