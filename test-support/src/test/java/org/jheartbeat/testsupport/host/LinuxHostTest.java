package org.jheartbeat.testsupport.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jheartbeat.resource.CommandRunner;
import org.jheartbeat.resource.ProcessCommandRunner;
import org.jheartbeat.resource.host.Host;
import org.jheartbeat.resource.host.LinuxHost;
import org.jheartbeat.testsupport.storage.LoopImage;
import org.jheartbeat.testsupport.storage.MountLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host contract against the real one, inside a private mount namespace (root only): the real mount and
 * umount, the namespace's mountinfo, processes working in it, a loop device.
 */
class LinuxHostTest extends HostContract {

    private static final Duration PROCESS_START_WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final MountLab LAB = new MountLab();

    @TempDir
    Path work;

    @Test
    void readsAKernelFileWhoseSizeTheKernelDoesNotReport() throws IOException {
        assertThat(host().readTail(Path.of("/proc/version"), 64 * 1024))
                .hasValue(Files.readString(Path.of("/proc/version")));
    }

    @Test
    void aProcessWhoseFirstThreadExitedRunsUntilItsLastThreadEnds() throws Exception {
        // The first thread leaves with pthread_exit; a second one waits for a line on standard input.
        Process process = new ProcessBuilder("python3", "-c", String.join("\n",
                "import ctypes, sys, threading",
                "threading.Thread(target=sys.stdin.readline).start()",
                "ctypes.CDLL(None).pthread_exit(None)")).start();
        LAB.closeAfterTest(process::destroyForcibly);
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        long end = System.nanoTime() + PROCESS_START_WAIT.toNanos();
        while (!Files.readString(stat).contains(") Z ") && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat(Files.readString(stat)).as("the first thread has exited").contains(") Z ");

        assertThat(host().processName(process.pid())).hasValue("python3");

        process.getOutputStream().write('\n');
        process.getOutputStream().close();
        assertThat(process.waitFor(PROCESS_START_WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(host().processName(process.pid())).isEmpty();
    }

    @Override
    protected Host host() {
        return LinuxHost.ofProcess(LAB.namespace().pid());
    }

    @Override
    protected CommandRunner tools() {
        return LAB.namespace().runner(new ProcessCommandRunner());
    }

    @Override
    protected Path directory(String name) throws IOException {
        return Files.createDirectories(work.resolve(name));
    }

    @Override
    protected Path file(String name, String content) throws IOException {
        return Files.writeString(work.resolve(name), content);
    }

    @Override
    protected Path symlink(String name, Path target) throws IOException {
        return Files.createSymbolicLink(work.resolve(name), target);
    }

    @Override
    protected Path blockDevice() throws IOException {
        return LAB.closeAfterTest(LoopImage.create(tools(), work, 16, "ext3")).device();
    }

    /** A sleep whose working directory is {@code directory} inside the namespace; killed on cleanup if need be. */
    @Override
    protected long startProcess(Path directory) throws IOException {
        Process process = LAB.namespace().spawn("sh", "-c", "cd '" + directory + "' && exec sleep 300");
        LAB.closeAfterTest(process::destroyForcibly);
        Path cwd = Path.of("/proc", Long.toString(process.pid()), "cwd");
        long end = System.nanoTime() + PROCESS_START_WAIT.toNanos();
        while (System.nanoTime() < end) {
            if (host().processName(process.pid()).filter("sleep"::equals).isPresent()
                    && Files.readSymbolicLink(cwd).equals(directory)) {
                return process.pid();
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting a process in " + directory, e);
            }
        }
        throw new IOException("no sleep working in " + directory + " within " + PROCESS_START_WAIT.toSeconds() + " s");
    }
}
