package org.jheartbeat.testsupport.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.CommandRunner;
import org.jheartbeat.resource.host.DeviceNumber;
import org.jheartbeat.resource.host.Host;
import org.jheartbeat.resource.host.Host.PathKind;
import org.jheartbeat.resource.host.MountEntry;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Host} does, with the mount and umount tools that change its mounts: run against the
 * in-memory {@link FakeHost} and against {@link org.jheartbeat.resource.host.LinuxHost} in a private mount
 * namespace, so that the unit tests' fake answers as the real node does.
 */
abstract class HostContract {

    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PROCESS_EXIT_WAIT = Duration.ofSeconds(10);
    private static final int MOUNT_FAILURE = 32;

    /** The host under test. */
    protected abstract Host host();

    /** Runs mount and umount where {@link #host()} sees their effect. */
    protected abstract CommandRunner tools();

    /** A new empty directory. */
    protected abstract Path directory(String name) throws IOException;

    /** A new file holding {@code content}. */
    protected abstract Path file(String name, String content) throws IOException;

    /** A new symlink holding {@code target}. */
    protected abstract Path symlink(String name, Path target) throws IOException;

    /** A block device holding an ext3 filesystem. */
    protected abstract Path blockDevice() throws IOException;

    /** Starts a process working in {@code directory} that ends on TERM; returns its pid once it works there. */
    protected abstract long startProcess(Path directory) throws IOException;

    private CommandResult run(String... argv) {
        return tools().run(Command.of(TOOL_TIMEOUT, argv));
    }

    private void succeeds(String... argv) {
        CommandResult result = run(argv);
        assertThat(result.succeeded()).as(result.describe()).isTrue();
    }

    private void refused(CommandResult result, String firstLine) {
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(MOUNT_FAILURE);
        assertThat(result.stderr().lines().findFirst()).hasValue(firstLine);
    }

    private void awaitExit(long pid) throws InterruptedException {
        long end = System.nanoTime() + PROCESS_EXIT_WAIT.toNanos();
        while (host().processName(pid).isPresent() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat(host().processName(pid)).as("pid " + pid + " after TERM").isEmpty();
    }

    @Test
    void directoriesFilesSymlinksAndMissingPathsAreToldApartWithSymlinksFollowed() throws Exception {
        Path directory = directory("dir");
        Path file = file("file", "text");
        Path toDirectory = symlink("link", directory);
        Path dangling = symlink("dangling", directory.resolveSibling("nowhere"));

        assertThat(host().kind(directory)).isEqualTo(PathKind.DIRECTORY);
        assertThat(host().kind(file)).isEqualTo(PathKind.OTHER);
        assertThat(host().kind(toDirectory)).isEqualTo(PathKind.DIRECTORY);
        assertThat(host().kind(dangling)).isEqualTo(PathKind.MISSING);
        assertThat(host().exists(directory.resolve("nothing"))).isFalse();
        assertThat(host().symlinkTarget(toDirectory)).hasValue(directory);
        assertThat(host().symlinkTarget(dangling)).hasValue(directory.resolveSibling("nowhere"));
        assertThat(host().symlinkTarget(directory)).isEmpty();
        assertThat(host().sameFile(toDirectory, directory)).isTrue();
        assertThat(host().sameFile(file, directory)).isFalse();
        assertThat(host().sameFile(dangling, directory.resolveSibling("nowhere"))).isFalse();
    }

    @Test
    void createDirectoriesMakesTheParentsAndRefusesToGoThroughAFile() throws Exception {
        Path base = directory("base");
        Path file = file("plain", "");

        host().createDirectories(base.resolve("a/b/c"));
        host().createDirectories(base.resolve("a/b/c"));

        assertThat(host().kind(base.resolve("a/b"))).isEqualTo(PathKind.DIRECTORY);
        assertThat(host().kind(base.resolve("a/b/c"))).isEqualTo(PathKind.DIRECTORY);
        assertThatThrownBy(() -> host().createDirectories(file.resolve("below"))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> host().createDirectories(file)).isInstanceOf(IOException.class);
    }

    @Test
    void readTailGivesTheEndOfAFileAndNothingForAMissingOne() throws Exception {
        Path log = file("log", "first line\nsecond line\n");

        assertThat(host().readTail(log, 1024)).hasValue("first line\nsecond line\n");
        assertThat(host().readTail(log, 12)).hasValue("second line\n");
        assertThat(host().readTail(log.resolveSibling("no-log"), 1024)).isEmpty();
    }

    @Test
    void aBindMountJoinsTwoDirectoriesInTheMountTableUntilUnmounted() throws Exception {
        Path shared = directory("shared");
        Path local = directory("local");
        file("shared/state", "kept\n");

        succeeds("mount", "--bind", shared.toString(), local.toString());

        assertThat(host().mounts().visibleAt(local.toString())).isPresent();
        assertThat(host().sameFile(local, shared)).isTrue();
        assertThat(host().readTail(local.resolve("state"), 100)).hasValue("kept\n");

        succeeds("umount", local.toString());

        assertThat(host().mounts().visibleAt(local.toString())).isEmpty();
        assertThat(host().sameFile(local, shared)).isFalse();
        assertThat(host().exists(local.resolve("state"))).isFalse();
    }

    @Test
    void mountRefusesAMountPointThatIsMissingOrNotADirectoryAndASourceThatIsMissing() throws Exception {
        Path missing = directory("parent").resolve("missing");
        Path file = file("not-a-directory", "");
        Path directory = directory("target");

        refused(run("mount", "-t", "tmpfs", "tmpfs", missing.toString()),
                "mount: " + missing + ": mount point does not exist.");
        refused(run("mount", "-t", "tmpfs", "tmpfs", file.toString()),
                "mount: " + file + ": mount point is not a directory.");
        refused(run("mount", "-t", "ext3", "/dev/no-such-device", directory.toString()),
                "mount: " + directory + ": special device /dev/no-such-device does not exist.");
        refused(run("mount", "--bind", missing.toString(), directory.toString()),
                "mount: " + directory + ": special device " + missing + " does not exist.");
        assertThat(host().mounts().visibleAt(directory.toString())).isEmpty();
    }

    @Test
    void umountRefusesWhatIsNotMountedAndWhatDoesNotExist() throws Exception {
        Path directory = directory("plain");

        refused(run("umount", directory.toString()), "umount: " + directory + ": not mounted.");
        refused(run("umount", directory.resolve("missing").toString()),
                "umount: " + directory.resolve("missing") + ": no mount point specified.");
    }

    @Test
    void aProcessWorkingInAMountHoldsItBusyUntilItEndsOnTerm() throws Exception {
        Path mountPoint = directory("busy");
        succeeds("mount", "-t", "tmpfs", "tmpfs", mountPoint.toString());
        DeviceNumber device = host().mounts().visibleAt(mountPoint.toString()).orElseThrow().device();
        long pid = startProcess(mountPoint);

        assertThat(host().fileSystemOf(mountPoint)).isEqualTo(device);
        assertThat(host().processName(pid)).isPresent();
        assertThat(host().holders(Set.of(device))).singleElement()
                .satisfies(holder -> assertThat(holder.pid()).isEqualTo(pid))
                .satisfies(holder -> assertThat(holder.uses()).contains("cwd"));
        refused(run("umount", mountPoint.toString()), "umount: " + mountPoint + ": target is busy.");

        assertThat(host().signal(pid, Host.Signal.TERM)).isTrue();
        awaitExit(pid);

        assertThat(host().holders(Set.of(device))).isEmpty();
        assertThat(host().signal(pid, Host.Signal.TERM)).as("signal to a process that has ended").isFalse();
        succeeds("umount", mountPoint.toString());
    }

    @Test
    void aMountBelowKeepsTheOneAboveBusy() throws Exception {
        Path upper = directory("upper");
        succeeds("mount", "-t", "tmpfs", "tmpfs", upper.toString());
        host().createDirectories(upper.resolve("lower"));
        succeeds("mount", "-t", "tmpfs", "tmpfs", upper.resolve("lower").toString());

        assertThat(host().mounts().below(upper.toString())).extracting(MountEntry::mountPoint)
                .containsExactly(upper.resolve("lower").toString());
        refused(run("umount", upper.toString()), "umount: " + upper + ": target is busy.");

        succeeds("umount", upper.resolve("lower").toString());
        succeeds("umount", upper.toString());
        assertThat(host().mounts().visibleAt(upper.toString())).isEmpty();
    }

    @Test
    void aBlockDeviceIsKnownByItsNumberWhichItsMountShows() throws Exception {
        Path device = blockDevice();
        Path mountPoint = directory("data");

        assertThat(host().kind(device)).isEqualTo(PathKind.BLOCK_DEVICE);
        DeviceNumber number = host().blockDeviceNumber(device);
        assertThatThrownBy(() -> host().blockDeviceNumber(mountPoint.resolve("missing")))
                .isInstanceOf(IOException.class);

        succeeds("mount", "-t", "ext3", "-o", "noatime", device.toString(), mountPoint.toString());

        MountEntry mounted = host().mounts().visibleAt(mountPoint.toString()).orElseThrow();
        assertThat(mounted.device()).isEqualTo(number);
        assertThat(mounted.source()).isEqualTo(device.toString());
        assertThat(mounted.fsType()).isEqualTo("ext3");
        assertThat(mounted.mountOptions()).startsWith("rw,noatime");
        assertThat(host().fileSystemOf(mountPoint)).isEqualTo(number);
        succeeds("umount", mountPoint.toString());
    }
}
