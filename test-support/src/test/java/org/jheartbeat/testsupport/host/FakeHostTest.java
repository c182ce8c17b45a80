package org.jheartbeat.testsupport.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.CommandRunner;
import org.jheartbeat.resource.host.Host;
import org.jheartbeat.resource.host.MountTable;
import org.jheartbeat.testsupport.FakeCommandRunner;
import org.jheartbeat.testsupport.Recorded;
import org.junit.jupiter.api.Test;

/**
 * The host contract against the in-memory host, starting from a mount table recorded on a real node; and its
 * mount and umount against runs of the real ones recorded where no root is needed to compare.
 */
class FakeHostTest extends HostContract {

    private static final Path WORK = Path.of("/tmp/work");

    private final FakeHost host = new FakeHost().mountInfo(Recorded.text("host/mountinfo-shared-bind-tmpfs.txt"))
            .directory(WORK.toString());
    private final FakeCommandRunner runner = new FakeCommandRunner();
    private long nextPid = 4000;

    FakeHostTest() {
        host.mountTools(runner);
    }

    @Override
    protected Host host() {
        return host;
    }

    @Override
    protected CommandRunner tools() {
        return runner;
    }

    @Override
    protected Path directory(String name) {
        host.directory(WORK.resolve(name).toString());
        return WORK.resolve(name);
    }

    @Override
    protected Path file(String name, String content) {
        host.file(WORK.resolve(name).toString(), content);
        return WORK.resolve(name);
    }

    @Override
    protected Path symlink(String name, Path target) {
        host.symlink(WORK.resolve(name).toString(), target.toString());
        return WORK.resolve(name);
    }

    @Override
    protected Path blockDevice() {
        host.blockDevice("/dev/loop5", 7, 5);
        return Path.of("/dev/loop5");
    }

    @Override
    protected long startProcess(Path directory) {
        long pid = nextPid++;
        host.process(pid, "sleep 300", directory.toString());
        return pid;
    }

    @Test
    void refusesInTheWordsRecordedFromTheRealTools() {
        Path mountPoint = directory("m5");
        assertAnswersAsRecorded(runner.run(Command.of(Duration.ofSeconds(1), "mount", "-t", "ext3", "/dev/nosuch",
                mountPoint.toString())), "mount-nodev");
        assertAnswersAsRecorded(runner.run(Command.of(Duration.ofSeconds(1), "umount", mountPoint.toString())),
                "umount-not-mounted");

        runner.run(Command.of(Duration.ofSeconds(1), "mount", "-t", "tmpfs", "tmpfs", mountPoint.toString()));
        startProcess(mountPoint);
        assertAnswersAsRecorded(runner.run(Command.of(Duration.ofSeconds(1), "umount", mountPoint.toString())),
                "umount-busy");
    }

    /** The recordings were made at /tmp/fs8/m5. */
    private static void assertAnswersAsRecorded(CommandResult result, String recording) {
        assertThat(new Recorded.Run(result.exitCode(), result.stdout(),
                result.stderr().replace(WORK.resolve("m5").toString(), "/tmp/fs8/m5")))
                .isEqualTo(Recorded.run("host/tools/" + recording));
    }

    @Test
    void aBindMountShowsInTheTableAsTheKernelShowedIt() {
        FakeHost node = new FakeHost().mountInfo(Recorded.text("host/mountinfo-shared-mounted.txt"))
                .directory("/mnt/nfs", "/var/lib/nfs");

        node.bindMount("/mnt/nfs", "/var/lib/nfs");

        assertThat(node.mounts())
                .isEqualTo(MountTable.parse(Recorded.text("host/mountinfo-state-bound.txt"), "recorded"));
    }
}
