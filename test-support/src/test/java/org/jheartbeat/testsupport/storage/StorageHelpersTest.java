package org.jheartbeat.testsupport.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.CommandRunner;
import org.jheartbeat.resource.ProcessCommandRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop-image and mount-namespace helpers leave nothing behind, even when a test leaves a mount busy. */
class StorageHelpersTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path work;

    @BeforeEach
    void needsRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "loop devices and mount namespaces need root");
    }

    @Test
    void aMountInsideTheNamespaceIsInvisibleOutsideAndGoneWithIt() throws Exception {
        Path mountPoint = Files.createDirectory(work.resolve("mnt"));
        try (PrivateMountNamespace namespace = PrivateMountNamespace.create();
             LoopImage image = LoopImage.create(namespace.runner(new ProcessCommandRunner()), work, 16, "ext3")) {
            CommandRunner inside = namespace.runner(new ProcessCommandRunner());
            run(inside, "mount", "-t", "ext3", image.device().toString(), mountPoint.toString());

            assertThat(Files.readString(namespace.mountInfo())).contains(" " + mountPoint + " ");
            assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(" " + mountPoint + " ");
        }
    }

    @Test
    void closingUnmountsDetachesAndKillsWhatStillHoldsTheFilesystem() throws Exception {
        Path mountPoint = Files.createDirectory(work.resolve("held"));
        PrivateMountNamespace namespace = PrivateMountNamespace.create();
        LoopImage image = LoopImage.create(namespace.runner(new ProcessCommandRunner()), work, 16, "ext2");
        Path loop = Path.of("/sys/block", image.device().getFileName().toString(), "loop");
        run(namespace.runner(new ProcessCommandRunner()), "mount", "-t", "ext2", image.device().toString(),
                mountPoint.toString());
        Process holder = namespace.spawn("sh", "-c", "cd '" + mountPoint + "' && exec sleep 300");
        assertThat(Files.exists(loop)).as("%s attached", image.device()).isTrue();

        image.close();
        assertThat(Files.readString(namespace.mountInfo())).doesNotContain(" " + mountPoint + " ");
        assertThat(image.image()).doesNotExist();
        namespace.close();

        assertThat(holder.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).as("holder killed").isTrue();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (backs(loop, image) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(backs(loop, image)).as("%s detached once its last user went", image.device()).isFalse();
    }

    /** Whether the loop device still serves the image: another test may attach the freed device to its own. */
    private static boolean backs(Path loop, LoopImage image) throws IOException {
        try {
            return Files.readString(loop.resolve("backing_file")).strip().startsWith(image.image().toString());
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private static void run(CommandRunner commands, String... argv) {
        CommandResult result = commands.run(Command.of(TIMEOUT, argv));
        assertThat(result.succeeded()).as(result.describe()).isTrue();
    }
}
