package org.jheartbeat.resources.iscsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jheartbeat.resource.InvalidResourceException;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.testsupport.FakeCommandRunner;
import org.jheartbeat.testsupport.Recorded;
import org.junit.jupiter.api.Test;

/** The agent on LIO with the seed's ietd.conf; configfs reads composed from its documented layout (recorded/README.md). */
class LioTargetResourceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String TOKEN = "iSCSITarget::/etc/ietd.conf";
    private static final String GROUP = LioBackend.CONFIGFS + "/iscsi/" + Targets.SEED_IQN + "/tpgt_1";
    private static final String STORE = "iqn_2001-04_com_example_storage_disk2_sys1_xyz_lun";

    private final FakeCommandRunner runner = new FakeCommandRunner();

    private Resource agent(String token, String settings) throws Exception {
        String sample = Files.readString(Path.of("../etc/ietd.conf"));
        return Targets.agent(token, "backend = lio, " + settings, runner, path -> sample);
    }

    private FakeCommandRunner.Rule lunLinks() {
        return runner.on("find", GROUP + "/lun");
    }

    /** The target as targetcli leaves it for the seed: three fileio LUNs, open to every initiator, one session. */
    private void servedSeedTarget(String... lun0Paths) {
        for (int lun = 0; lun < 3; lun++) {
            runner.on("cat", LioBackend.CONFIGFS + "/core/fileio_" + lun + "/" + STORE + lun + "/udev_path")
                    .answer(0, (lun == 0 && lun0Paths.length > 0 ? lun0Paths[0] : "/data/iSCSI/LUN" + lun) + "\n");
        }
        runner.on("ls", "-1", GROUP + "/acls").answer(0, "");
        Recorded.file(runner.on("cat", GROUP + "/attrib/generate_node_acls"), "lio/one.txt");
        Recorded.file(runner.on("cat", GROUP + "/auth/userid"), "lio/empty-line.txt");
        Recorded.file(runner.on("cat", GROUP + "/dynamic_sessions"), "lio/dynamic-sessions-one.txt");
        Recorded.file(runner.on("cat", GROUP + "/enable"), "lio/one.txt");
    }

    @Test
    void startMakesABackstorePerLunAndOpensTheTargetToEveryone() throws Exception {
        Recorded.file(Recorded.answer(Recorded.answer(lunLinks(), "host/find-lio-lun-absent"),
                "host/find-lio-lun-absent"), "lio/find-seed-three-luns.txt");
        servedSeedTarget();
        runner.on("stat", "-L", "-c", "%F").answer(0, "regular file\n");
        runner.on("targetcli").answer(0, "");

        OperationResult result = agent(TOKEN, "").start(TIMEOUT);

        assertThat(result).isEqualTo(OperationResult.success());
        String tpg = "/iscsi/" + Targets.SEED_IQN + "/tpg1";
        assertThat(runner.commandLines()).filteredOn(line -> line.startsWith("targetcli")).containsExactly(
                "targetcli /iscsi create " + Targets.SEED_IQN,
                "targetcli /backstores/fileio create name=" + STORE + "0 file_or_dev=/data/iSCSI/LUN0",
                "targetcli " + tpg + "/luns create /backstores/fileio/" + STORE + "0 lun=0",
                "targetcli /backstores/fileio create name=" + STORE + "1 file_or_dev=/data/iSCSI/LUN1",
                "targetcli " + tpg + "/luns create /backstores/fileio/" + STORE + "1 lun=1",
                "targetcli /backstores/fileio create name=" + STORE + "2 file_or_dev=/data/iSCSI/LUN2",
                "targetcli " + tpg + "/luns create /backstores/fileio/" + STORE + "2 lun=2",
                "targetcli " + tpg + " set attribute generate_node_acls=1 cache_dynamic_acls=1"
                        + " demo_mode_write_protect=0 authentication=0");
    }

    @Test
    void statusReadsEachLunsBackingPathFromConfigfs() throws Exception {
        Recorded.file(lunLinks(), "lio/find-seed-three-luns.txt");
        servedSeedTarget("/home/iSCSI/LUN0");

        OperationResult result = agent(TOKEN, "").status(TIMEOUT);

        assertThat(result).isEqualTo(OperationResult.failed(TOKEN
                + ": LUN 0 serves /home/iSCSI/LUN0 instead of /data/iSCSI/LUN0"));
    }

    @Test
    void stopDeletesTheTargetAndTheBackstoresItMade() throws Exception {
        Recorded.answer(Recorded.file(Recorded.file(lunLinks(), "lio/find-seed-three-luns.txt"),
                "lio/find-seed-three-luns.txt"), "host/find-lio-lun-absent");
        servedSeedTarget();
        runner.on("targetcli").answer(0, "");

        assertThat(agent(TOKEN, "").stop(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(runner.commandLines()).filteredOn(line -> line.startsWith("targetcli")).containsExactly(
                "targetcli /iscsi delete " + Targets.SEED_IQN,
                "targetcli /backstores/fileio delete " + STORE + "0",
                "targetcli /backstores/fileio delete " + STORE + "1",
                "targetcli /backstores/fileio delete " + STORE + "2");
    }

    /** targetcli's and ls's answers as recorded on a freshly booted bookworm VM (vmtest), modules loaded. */
    @Test
    void autoFindsLioOnAFreshNodeWhoseIscsiFabricDirectoryNoTargetcliCommandMadeYet() throws Exception {
        Recorded.answer(runner.on("cat", IetBackend.VOLUMES), "host/cat-iet-volume-absent");
        Recorded.answer(runner.on("tgtadm"), "tgt/no-daemon");
        runner.on("targetcli", "version").answer(0, "/usr/bin/targetcli version 2.1.53\n");
        runner.on("ls", LioBackend.CONFIGFS).answer(0, "core\ndbroot\nversion\n");
        Recorded.answer(lunLinks(), "host/find-lio-lun-absent");
        String sample = Files.readString(Path.of("../etc/ietd.conf"));

        OperationResult result = Targets.agent(TOKEN, "", runner, path -> sample).status(TIMEOUT);

        assertThat(result).isEqualTo(OperationResult.notRunning(TOKEN + ": lio does not serve " + Targets.SEED_IQN));
    }

    @Test
    void namedInitiatorsGetAclsWithTheChapAccount() throws Exception {
        Recorded.answer(lunLinks(), "host/find-lio-lun-absent");
        runner.on("stat", "-L", "-c", "%F").answer(0, "regular file\n");
        runner.on("targetcli").answer(0, "");
        String initiator = "iqn.1993-08.org.debian:01:8b4e6c2a1f0d";

        agent(TOKEN + "::allow=" + initiator, "incoming-user = jim, incoming-password = othersecret12").start(TIMEOUT);

        String tpg = "/iscsi/" + Targets.SEED_IQN + "/tpg1";
        assertThat(runner.commandLines()).contains(
                "targetcli " + tpg + " set attribute generate_node_acls=0 authentication=1",
                "targetcli " + tpg + "/acls create " + initiator,
                "targetcli " + tpg + "/acls/" + initiator + " set auth userid=jim 'password=****'");
    }

    @Test
    void initiatorAddressesAreRefusedBecauseLioAclsNameInitiators() {
        assertThatThrownBy(() -> agent(TOKEN + "::allow=192.168.178.0/24", ""))
                .isInstanceOf(InvalidResourceException.class)
                .hasMessageContaining("LIO allows initiators by name only, not by address [192.168.178.0/24]");
    }
}
