package org.jheartbeat.resources.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.jheartbeat.resource.OperationResult.Outcome;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.host.Host;
import org.jheartbeat.testsupport.FakeCommandRunner;
import org.jheartbeat.testsupport.Recorded;
import org.jheartbeat.testsupport.RecordingFencer;
import org.jheartbeat.testsupport.host.FakeHost;
import org.jheartbeat.testsupport.host.FakeNetwork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Filesystem resource against the strict fake host and tool output recorded on a real node. */
class FilesystemResourceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final FakeCommandRunner commands = new FakeCommandRunner();
    private final FakeHost host = new FakeHost().mountTools(commands);

    @BeforeEach
    void aNodeWithALoopDevice() {
        host.mountInfo(Recorded.text("host/mountinfo-private-ext2-space.txt").lines()
                        .filter(line -> !line.contains("/dev/loop0")).reduce("", (a, b) -> a + b + "\n"))
                .blockDevice("/dev/loop0", 7, 0)
                .directory("/srv");
    }

    private Resource agent(String token) throws Exception {
        return agent(token, "");
    }

    private Resource agent(String token, String settings) throws Exception {
        Config config = ConfigFactory.parseString(settings).withFallback(ConfigFactory.defaultReference())
                .getConfig("jheartbeat.resources");
        return new FilesystemType().create(ResourceSpec.parse(token),
                new ResourceContext("node1", commands, host, new FakeNetwork(), new RecordingFencer(), config));
    }

    @Test
    void startChecksAnExt2FilesystemCreatesTheMountPointAndMounts() throws Exception {
        Recorded.answer(commands.on("fsck"), "tools/fsck-clean");
        Resource agent = agent("Filesystem::/dev/loop0::/srv/data::ext2::noatime");

        assertThat(agent.start(TIMEOUT).outcome()).isEqualTo(Outcome.SUCCESS);

        assertThat(commands.commandLines()).containsExactly("fsck -t ext2 -p /dev/loop0",
                "mount -t ext2 -o noatime /dev/loop0 /srv/data");
        assertThat(host.kind(java.nio.file.Path.of("/srv/data"))).isEqualTo(Host.PathKind.DIRECTORY);
        assertThat(agent.status(TIMEOUT).outcome()).isEqualTo(Outcome.SUCCESS);
    }

    @Test
    void startLeavesJournaledFilesystemsUncheckedUnlessForcedForThatMountPoint() throws Exception {
        agent("Filesystem::/dev/loop0::/srv::ext3").start(TIMEOUT);
        assertThat(commands.commandLines()).containsExactly("mount -t ext3 /dev/loop0 /srv");
        agent("Filesystem::/dev/loop0::/srv::ext3").stop(TIMEOUT);

        Recorded.answer(commands.on("fsck"), "tools/fsck-clean");
        agent("Filesystem::/dev/loop0::/srv::ext3", "jheartbeat.resources.filesystem.mount-points { \"/srv\" { fsck = force } }")
                .start(TIMEOUT);
        assertThat(commands.commandLines()).contains("fsck -t ext3 -p /dev/loop0");
    }

    @Test
    void startFailsWithoutMountingWhenFsckLeavesErrors() throws Exception {
        Recorded.answer(commands.on("fsck"), "tools/fsck-uncorrected");

        var result = agent("Filesystem::/dev/loop0::/srv::ext2").start(TIMEOUT);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).contains("exit 4", "Root inode is not a directory", "UNEXPECTED INCONSISTENCY");
        assertThat(commands.commandLines()).noneMatch(line -> line.startsWith("mount"));
    }

    @Test
    void startOnAMountedFilesystemSucceedsWithoutRunningAnything() throws Exception {
        host.mountInfo(Recorded.text("host/mountinfo-shared-bind-tmpfs.txt"));
        Resource agent = agent("Filesystem::/dev/loop0::/tmp/fs8/data::ext3");

        assertThat(agent.start(TIMEOUT).outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(agent.status(TIMEOUT).outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(commands.calls()).isEmpty();
    }

    @Test
    void statusReadsEscapedMountPointsAndInsistsOnDeviceAndType() throws Exception {
        host.mountInfo(Recorded.text("host/mountinfo-private-ext2-space.txt")).blockDevice("/dev/loop1", 7, 1);

        assertThat(agent("Filesystem::/dev/loop0::/tmp/fs8/m nt::ext2").status(TIMEOUT).outcome())
                .isEqualTo(Outcome.SUCCESS);
        var wrongType = agent("Filesystem::/dev/loop0::/tmp/fs8/m nt::ext3").status(TIMEOUT);
        assertThat(wrongType.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(wrongType.reason()).contains("holds /dev/loop0 (ext2) on /tmp/fs8/m nt");
        assertThat(agent("Filesystem::/dev/loop1::/tmp/fs8/m nt::ext2").status(TIMEOUT).outcome())
                .isEqualTo(Outcome.FAILED);
        assertThat(agent("Filesystem::/dev/loop0::/srv::ext2").status(TIMEOUT).outcome())
                .isEqualTo(Outcome.NOT_RUNNING);
    }

    @Test
    void anUnreadableMountTableFailsEveryOperationWithWhereItCameFrom() throws Exception {
        host.mountInfo("36 35 98:0 / /a rw - ext3\n");
        Resource agent = agent("Filesystem::/dev/loop0::/srv::ext3");

        assertThat(agent.status(TIMEOUT).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(agent.status(TIMEOUT).reason()).startsWith("fake mountinfo line 1: expected");
        assertThat(agent.start(TIMEOUT).reason()).startsWith("fake mountinfo line 1: expected");
        assertThat(agent.stop(TIMEOUT).reason()).startsWith("fake mountinfo line 1: expected");
    }

    @Test
    void aLabelThatNoLongerResolvesWhileMountedIsAFailedStatus() throws Exception {
        host.mountInfo(Recorded.text("host/mountinfo-shared-bind-tmpfs.txt"));
        Recorded.answer(commands.on("blkid"), "tools/blkid-none");

        var result = agent("Filesystem::LABEL=jhbdata::/tmp/fs8/data::ext3").status(TIMEOUT);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("/dev/loop0 (ext3) on /tmp/fs8/data is mounted but no device with "
                + "LABEL=jhbdata on this node (blkid found none)");
    }

    @Test
    void startRefusesADeviceAlreadyMountedElsewhereAndAForeignMountAtTheMountPoint() throws Exception {
        host.mountInfo(Recorded.text("host/mountinfo-shared-bind-tmpfs.txt"));

        var elsewhere = agent("Filesystem::/dev/loop0::/srv::ext3").start(TIMEOUT);
        assertThat(elsewhere.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(elsewhere.reason()).contains("already mounted", "/tmp/fs8/data", "/tmp/fs8/data dir");

        host.blockDevice("/dev/vdb", 254, 16);
        var foreign = agent("Filesystem::/dev/vdb::/tmp/fs8/data::ext3").start(TIMEOUT);
        assertThat(foreign.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(foreign.reason()).contains("already holds /dev/loop0 (ext3) on /tmp/fs8/data");
        assertThat(commands.calls()).isEmpty();
    }

    @Test
    void aMissingDeviceOrAMountPointThatIsAFileIsThisNodesProblem() throws Exception {
        host.file("/srv/file", "");

        var noDevice = agent("Filesystem::/dev/drbd0::/srv::ext3").start(TIMEOUT);
        assertThat(noDevice).isEqualTo(org.jheartbeat.resource.OperationResult.notInstalled(
                "device /dev/drbd0 does not exist on this node"));
        var file = agent("Filesystem::/dev/loop0::/srv/file::ext3").start(TIMEOUT);
        assertThat(file.outcome()).isEqualTo(Outcome.NOT_INSTALLED);
        assertThat(file.reason()).isEqualTo("mount point /srv/file exists on this node but is not a directory");
        assertThat(agent("Filesystem::/dev/loop0::/srv/file::ext3").validate(TIMEOUT).outcome())
                .isEqualTo(Outcome.NOT_INSTALLED);
        assertThat(agent("Filesystem::/dev/drbd0::/srv::ext3").status(TIMEOUT).outcome())
                .isEqualTo(Outcome.NOT_RUNNING);
        assertThat(commands.calls()).isEmpty();
    }

    @Test
    void aLabelIsLookedUpWithBlkid() throws Exception {
        Recorded.answer(commands.on("blkid", "-l", "-t", "LABEL=jhbdata"), "tools/blkid-found");
        Recorded.answer(commands.on("blkid", "-l", "-t", "LABEL=nosuch"), "tools/blkid-none");

        assertThat(agent("Filesystem::-L jhbdata::/srv::ext3").start(TIMEOUT).outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(commands.commandLines()).containsExactly("blkid -l -t LABEL=jhbdata -o device",
                "mount -t ext3 /dev/loop0 /srv");

        var missing = agent("Filesystem::LABEL=nosuch::/mnt::ext3").start(TIMEOUT);
        assertThat(missing.outcome()).isEqualTo(Outcome.NOT_INSTALLED);
        assertThat(missing.reason()).isEqualTo("no device with LABEL=nosuch on this node (blkid found none)");
    }

    @Test
    void aFailedMountReportsWhatMountSaid() throws Exception {
        Recorded.answer(commands.on("mount"), "tools/mount-corrupt");

        var result = agent("Filesystem::/dev/loop0::/srv::ext3").start(TIMEOUT);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("mount -t ext3 /dev/loop0 /srv exited 32: "
                + "mount: /tmp/fs8/m5: mount(2) system call failed: Structure needs cleaning.");
    }

    @Test
    void aMissingToolIsNotInstalled() throws Exception {
        commands.on("fsck").answerWith(command -> {
            throw new UncheckedIOException(new IOException("cannot run fsck: fsck not found"));
        });

        assertThat(agent("Filesystem::/dev/loop0::/srv::ext2").start(TIMEOUT).outcome())
                .isEqualTo(Outcome.NOT_INSTALLED);
    }

    @Test
    void stopOnAStoppedFilesystemRunsNothing() throws Exception {
        assertThat(agent("Filesystem::/dev/loop0::/srv::ext3").stop(TIMEOUT).outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(commands.calls()).isEmpty();
    }

    @Test
    void stopTerminatesTheProcessesHoldingTheFilesystem() throws Exception {
        Resource agent = agent("Filesystem::/dev/loop0::/srv::ext3");
        agent.start(TIMEOUT);
        host.process(4242, "sleep 300", "/srv");

        assertThat(agent.stop(TIMEOUT).outcome()).isEqualTo(Outcome.SUCCESS);

        assertThat(host.signals()).containsExactly("TERM 4242");
        assertThat(commands.commandLines()).containsExactly("mount -t ext3 /dev/loop0 /srv", "umount /srv",
                "umount /srv");
        assertThat(agent.status(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_RUNNING);
    }

    @Test
    void stopKillsWhatIgnoresTermOnceHalfTheTimeoutHasPassed() throws Exception {
        Resource agent = agent("Filesystem::/dev/loop0::/srv::ext3",
                "jheartbeat.resources.filesystem.holder-exit-wait = 20ms");
        agent.start(TIMEOUT);
        host.process(4242, "daemon-ignoring-term", "/srv").ignoresTerm(4242);

        assertThat(agent.stop(Duration.ofMillis(400)).outcome()).isEqualTo(Outcome.SUCCESS);

        assertThat(host.signals()).startsWith("TERM 4242", "TERM 4242").endsWith("KILL 4242")
                .containsOnlyOnce("KILL 4242");
    }

    @Test
    void stopFailsNamingWhatKeepsTheFilesystemBusy() throws Exception {
        host.mountInfo(Recorded.text("host/mountinfo-shared-bind-tmpfs.txt"));

        var result = agent("Filesystem::/dev/loop0::/tmp/fs8/data::ext3").stop(Duration.ofMillis(300));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).startsWith("cannot unmount /tmp/fs8/data after ")
                .contains("umount /tmp/fs8/data exited 32: umount: /tmp/fs8/data: target is busy.",
                        "mounts below it: /tmp/fs8/data/sub");
    }

    @Test
    void aNetworkFilesystemIsForceUnmountedOnceKilling() throws Exception {
        host.mountInfo("36 48 0:52 / /srv/nfs rw,relatime - nfs4 server:/export rw,vers=4.2\n");
        commands.on("umount", "/srv/nfs").answer(32, "", "umount.nfs4: /srv/nfs: device is busy\n");

        var result = agent("Filesystem::server:/export::/srv/nfs::nfs4").stop(Duration.ofMillis(400));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(commands.commandLines()).startsWith("umount /srv/nfs").endsWith("umount -f /srv/nfs");
    }
}
