package org.jheartbeat.resources.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.CommandRunner;
import org.jheartbeat.resource.OperationResult.Outcome;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.ProcessCommandRunner;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.host.DeviceNumber;
import org.jheartbeat.resource.host.Host;
import org.jheartbeat.resource.host.LinuxHost;
import org.jheartbeat.testsupport.OperationTimer;
import org.jheartbeat.testsupport.RecordingFencer;
import org.jheartbeat.testsupport.host.FakeNetwork;
import org.jheartbeat.testsupport.storage.LoopImage;
import org.jheartbeat.testsupport.storage.MountLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Filesystem resource with the real blkid, fsck, mount and umount on loop-device images, inside a private
 * mount namespace so that nothing it mounts is visible to (or can disturb) the host. Needs root; prints how
 * long each operation takes.
 */
class FilesystemOnLoopDeviceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @RegisterExtension
    static final MountLab LAB = new MountLab();
    private static final OperationTimer TIMER = new OperationTimer("filesystem");

    @TempDir
    Path work;

    private final List<String> commandLines = Collections.synchronizedList(new ArrayList<>());
    private CommandRunner commands;

    /** Runs in the namespace and records the command lines of what the resource runs. */
    private CommandRunner commands() {
        if (commands == null) {
            CommandRunner inNamespace = LAB.namespace().runner(new ProcessCommandRunner());
            commands = command -> {
                commandLines.add(command.display());
                return inNamespace.run(command);
            };
        }
        return commands;
    }

    private LoopImage image(String fsType, String... mkfsArguments) throws IOException {
        LoopImage image = LoopImage.create(LAB.namespace().runner(new ProcessCommandRunner()), work, 32, fsType,
                mkfsArguments);
        LAB.closeAfterTest(image);
        return image;
    }

    private Resource agent(String token, String settings) throws Exception {
        return new FilesystemType().create(ResourceSpec.parse(token),
                new ResourceContext("node1", commands(), LinuxHost.ofProcess(LAB.namespace().pid()), new FakeNetwork(),
                        new RecordingFencer(),
                        ConfigFactory.parseString(settings).withFallback(ConfigFactory.defaultReference())
                                .getConfig("jheartbeat.resources")));
    }


    @Test
    void startStatusStopOnExt3AreIdempotentAndStayInsideTheNamespace() throws Exception {
        LoopImage image = image("ext3");
        Path mountPoint = work.resolve("data");
        Resource agent = agent("Filesystem::" + image.device() + "::" + mountPoint + "::ext3::noatime", "");

        assertThat(TIMER.time("status, stopped", () -> agent.status(TIMEOUT)).outcome()).isEqualTo(Outcome.NOT_RUNNING);
        assertThat(TIMER.time("start ext3 (mkdir, no fsck, mount)", () -> agent.start(TIMEOUT)))
                .isEqualTo(OperationResult.success());
        assertThat(TIMER.time("status, running", () -> agent.status(TIMEOUT))).isEqualTo(OperationResult.success());
        assertThat(TIMER.time("start, already running", () -> agent.start(TIMEOUT)))
                .isEqualTo(OperationResult.success());
        assertThat(commandLines).containsExactly("mount -t ext3 -o noatime " + image.device() + " " + mountPoint);
        assertThat(Files.readString(LAB.namespace().mountInfo())).contains(" " + mountPoint + " rw,noatime");
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(" " + mountPoint + " ");

        assertThat(TIMER.time("stop, idle", () -> agent.stop(TIMEOUT))).isEqualTo(OperationResult.success());
        assertThat(TIMER.time("status, stopped", () -> agent.status(TIMEOUT)).outcome()).isEqualTo(Outcome.NOT_RUNNING);
        assertThat(TIMER.time("stop, already stopped", () -> agent.stop(TIMEOUT))).isEqualTo(OperationResult.success());
        assertThat(Files.readString(LAB.namespace().mountInfo())).doesNotContain(" " + mountPoint + " ");
    }

    @Test
    void stopTerminatesAProcessHoldingTheMountPoint() throws Exception {
        LoopImage image = image("ext3");
        Path mountPoint = work.resolve("busy");
        Resource agent = agent("Filesystem::" + image.device() + "::" + mountPoint + "::ext3", "");
        assertThat(agent.start(TIMEOUT)).isEqualTo(OperationResult.success());
        Process holder = holdInside(mountPoint, "cd '" + mountPoint + "' && exec sleep 300");

        assertThat(TIMER.time("stop, busy, holder exits on TERM", () -> agent.stop(TIMEOUT)))
                .isEqualTo(OperationResult.success());

        assertThat(ended(holder)).as("holder after stop").isTrue();
        assertThat(agent.status(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_RUNNING);
    }

    @Test
    void stopKillsAHolderThatIgnoresTermAfterHalfTheTimeout() throws Exception {
        LoopImage image = image("ext3");
        Path mountPoint = work.resolve("stubborn");
        Resource agent = agent("Filesystem::" + image.device() + "::" + mountPoint + "::ext3",
                "jheartbeat.resources.filesystem.holder-exit-wait = 100ms");
        assertThat(agent.start(TIMEOUT)).isEqualTo(OperationResult.success());
        Files.writeString(mountPoint.getParent().resolve("hold.sh"), "trap '' TERM\nexec 3<'" + mountPoint
                + "/log'\nexec sleep 300\n");
        namespaceRun("touch", mountPoint + "/log");
        Process holder = holdInside(mountPoint, ". '" + mountPoint.getParent().resolve("hold.sh") + "'");

        OperationResult stopped = TIMER.time("stop 2 s, holder ignores TERM (open fd)",
                () -> agent.stop(Duration.ofSeconds(2)));

        assertThat(stopped).isEqualTo(OperationResult.success());
        assertThat(ended(holder)).as("holder after stop").isTrue();
        assertThat(holder.exitValue()).as("holder exit status (128 + SIGKILL)").isEqualTo(137);
    }

    @Test
    void stopTerminatesAProgramRunningFromTheFilesystem() throws Exception {
        LoopImage image = image("ext4");
        Path mountPoint = work.resolve("programs");
        Resource agent = agent("Filesystem::" + image.device() + "::" + mountPoint + "::ext4", "");
        assertThat(agent.start(TIMEOUT)).isEqualTo(OperationResult.success());
        namespaceRun("cp", "/bin/sleep", mountPoint + "/sleep");
        Process holder = holdInside(mountPoint, "exec '" + mountPoint + "/sleep' 300");
        assertThat(LinuxHost.ofProcess(LAB.namespace().pid()).holders(java.util.Set.of(
                LinuxHost.ofProcess(LAB.namespace().pid()).fileSystemOf(mountPoint))))
                .singleElement().satisfies(h -> assertThat(h.uses()).contains("exe", "mmap " + mountPoint + "/sleep"));

        assertThat(TIMER.time("stop ext4, program running from it", () -> agent.stop(TIMEOUT)))
                .isEqualTo(OperationResult.success());

        assertThat(ended(holder)).as("program after stop").isTrue();
    }

    @Test
    void aDeviceThatDoesNotExistIsNotInstalledHere() throws Exception {
        Path mountPoint = work.resolve("nodevice");
        Resource agent = agent("Filesystem::/dev/jhb-no-such-device::" + mountPoint + "::ext3", "");

        OperationResult started = TIMER.time("start, device missing", () -> agent.start(TIMEOUT));

        assertThat(started).isEqualTo(OperationResult.notInstalled(
                "device /dev/jhb-no-such-device does not exist on this node"));
        assertThat(agent.status(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_RUNNING);
        assertThat(commandLines).isEmpty();
    }

    @Test
    void aMountPointThatIsAFileIsRefused() throws Exception {
        LoopImage image = image("ext3");
        Path mountPoint = Files.writeString(work.resolve("afile"), "not a directory");
        Resource agent = agent("Filesystem::" + image.device() + "::" + mountPoint + "::ext3", "");

        OperationResult started = TIMER.time("start, mount point is a file", () -> agent.start(TIMEOUT));

        assertThat(started.outcome()).isEqualTo(Outcome.NOT_INSTALLED);
        assertThat(started.reason()).contains(mountPoint + " exists on this node but is not a directory");
        assertThat(Files.readString(LAB.namespace().mountInfo())).doesNotContain(image.device().toString());
    }

    @Test
    void aCorruptExt2FailsFsckAndIsNotMounted() throws Exception {
        LoopImage image = image("ext2");
        corrupt(image);
        Path mountPoint = work.resolve("corrupt");
        Resource agent = agent("Filesystem::" + image.device() + "::" + mountPoint + "::ext2", "");

        OperationResult started = TIMER.time("start ext2, corrupt: fsck -p exit 4", () -> agent.start(TIMEOUT));

        assertThat(started.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(started.reason()).contains("exit 4", "UNEXPECTED INCONSISTENCY");
        assertThat(commandLines).containsExactly("fsck -t ext2 -p " + image.device());
        assertThat(Files.readString(LAB.namespace().mountInfo())).doesNotContain(image.device().toString());
    }

    @Test
    void ext3IsCheckedOnlyWhenForcedAndALabelFindsTheDevice() throws Exception {
        String label = "jhb" + UUID.randomUUID().toString().substring(0, 8);
        LoopImage image = image("ext3", "-L", label);
        Path mountPoint = work.resolve("labelled");
        Resource agent = agent("Filesystem::-L " + label + "::" + mountPoint + "::ext3",
                "jheartbeat.resources.filesystem.mount-points { \"" + mountPoint + "\" { fsck = force } }");

        assertThat(TIMER.time("start ext3 by label, fsck forced", () -> agent.start(TIMEOUT)))
                .isEqualTo(OperationResult.success());
        assertThat(TIMER.time("status by label", () -> agent.status(TIMEOUT))).isEqualTo(OperationResult.success());
        assertThat(TIMER.time("stop by label", () -> agent.stop(TIMEOUT))).isEqualTo(OperationResult.success());

        assertThat(commandLines).contains("blkid -l -t LABEL=" + label + " -o device",
                "fsck -t ext3 -p " + image.device(), "mount -t ext3 " + image.device() + " " + mountPoint,
                "umount " + mountPoint);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"xfs, 300", "btrfs, 128"})
    void xfsAndBtrfsStartStatusAndStopWithAHolder(String fsType, int sizeMiB) throws Exception {
        LoopImage image = LoopImage.create(LAB.namespace().runner(new ProcessCommandRunner()), work, sizeMiB, fsType);
        LAB.closeAfterTest(image);
        Path mountPoint = work.resolve(fsType);
        Resource agent = agent("Filesystem::" + image.device() + "::" + mountPoint + "::" + fsType, "");

        assertThat(TIMER.time("start " + fsType + " (auto: no fsck)", () -> agent.start(TIMEOUT)))
                .isEqualTo(OperationResult.success());
        assertThat(TIMER.time("status " + fsType, () -> agent.status(TIMEOUT))).isEqualTo(OperationResult.success());
        Process holder = holdInside(mountPoint, "cd '" + mountPoint + "' && exec sleep 300");
        assertThat(TIMER.time("stop " + fsType + ", busy, holder exits on TERM", () -> agent.stop(TIMEOUT)))
                .isEqualTo(OperationResult.success());

        assertThat(ended(holder)).as("holder after stop").isTrue();
        assertThat(commandLines).containsExactly("mount -t " + fsType + " " + image.device() + " " + mountPoint,
                "umount " + mountPoint, "umount " + mountPoint);
    }

    /** What a crash leaves: the root inode cleared and the filesystem marked as not cleanly unmounted. */
    private static void corrupt(LoopImage image) {
        namespaceRun("debugfs", "-w", "-R", "clri <2>", image.device().toString());
        namespaceRun("debugfs", "-w", "-R", "ssv state 0", image.device().toString());
    }

    private static void namespaceRun(String... argv) {
        CommandResult result = LAB.namespace().runner(new ProcessCommandRunner()).run(Command.of(TIMEOUT, argv));
        assertThat(result.succeeded()).as(result.describe()).isTrue();
    }

    /** Starts {@code sh -c script} in the namespace and waits until it uses the filesystem at {@code mountPoint}. */
    /** Whether the process has ended: exited, reaped or not yet (a zombie no longer holds a filesystem). */
    private static boolean ended(Process process) {
        return new LinuxHost().processName(process.pid()).isEmpty();
    }

    private Process holdInside(Path mountPoint, String script) throws Exception {
        Process holder = LAB.namespace().spawn("sh", "-c", script);
        LAB.closeAfterTest(holder::destroyForcibly);
        Host system = LinuxHost.ofProcess(LAB.namespace().pid());
        DeviceNumber device = system.fileSystemOf(mountPoint);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (system.holders(java.util.Set.of(device)).stream()
                .noneMatch(h -> h.pid() == holder.pid())) {
            assertThat(System.nanoTime()).as("holder %d using %s within 5 s", holder.pid(), mountPoint)
                    .isLessThan(deadline);
            assertThat(holder.isAlive()).as("holder alive").isTrue();
            Thread.sleep(10);
        }
        return holder;
    }
}
