package org.jheartbeat.resources.nfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.CommandRunner;
import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.OperationAbort;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.OperationTools;
import org.jheartbeat.resource.ProcessCommandRunner;
import org.jheartbeat.resource.host.Host;
import org.jheartbeat.resource.host.LinuxHost;
import org.jheartbeat.testsupport.storage.LoopImage;
import org.jheartbeat.testsupport.storage.PrivateMountNamespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel resource's state directory handling with the real mount, umount and mountinfo, in a private mount
 * namespace (root only), on a loop-device ext3 standing in for the seed's /data. The state directory is a
 * temporary one instead of /var/lib/nfs so the host's is never touched; there is no rpc_pipefs here (this
 * kernel has no sunrpc), so that part is covered by the unit tests only.
 */
class StateDirectoryOnLoopDeviceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path work;

    private PrivateMountNamespace namespace;
    private LoopImage image;
    private CommandRunner commands;
    private Host host;
    private Path data;

    @BeforeEach
    void sharedFilesystem() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting needs root");
        namespace = PrivateMountNamespace.create();
        commands = namespace.runner(new ProcessCommandRunner());
        image = LoopImage.create(new ProcessCommandRunner(), work, 32, "ext3");
        host = LinuxHost.ofProcess(namespace.pid());
        data = Files.createDirectories(work.resolve("data"));
        run("mount", "-t", "ext3", image.device().toString(), data.toString());
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (namespace != null) {
            namespace.close();
        }
        if (image != null) {
            image.close();
        }
    }

    private void run(String... argv) {
        CommandResult result = commands.run(Command.of(TIMEOUT, argv));
        assertThat(result.succeeded()).as(result.describe()).isTrue();
    }

    private StateDirectory stateDirectory(Path local, Path shared) {
        return new StateDirectory(local, Optional.of(shared), host, new OperationTools("state directory", commands));
    }

    /** A path as the namespace sees it, for checks from this JVM, which lives outside it. */
    private Path seen(Path path) {
        return namespace.mountInfo().getParent().resolve("root").resolve(Path.of("/").relativize(path));
    }

    private long mountsAt(Path mountPoint) throws Exception {
        return Files.readAllLines(namespace.mountInfo()).stream()
                .filter(line -> line.split(" ")[4].equals(mountPoint.toString())).count();
    }

    @Test
    void aPlainStateDirectoryIsBoundToTheSharedOneOnceAndReleasedAgain() throws Exception {
        Path local = Files.createDirectories(work.resolve("var-lib-nfs"));
        Files.writeString(local.resolve("etab"), "this node's own\n");
        Path shared = data.resolve("nfs");
        StateDirectory state = stateDirectory(local, shared);
        assertThat(state.misplaced()).contains(local + " is not the shared state directory " + shared);

        state.place(Deadline.after(TIMEOUT));
        state.place(Deadline.after(TIMEOUT));

        assertThat(mountsAt(local)).as("bind mounts at the state directory after two starts").isEqualTo(1);
        assertThat(state.misplaced()).isEmpty();
        assertThat(state.boundHere()).isTrue();
        assertThat(Files.isDirectory(seen(local.resolve("sm")))).as("statd's directory, made on the shared one").isTrue();
        assertThat(Files.exists(seen(local.resolve("etab")))).as("the node's own file, hidden").isFalse();

        state.release(Deadline.after(TIMEOUT));
        state.release(Deadline.after(TIMEOUT));

        assertThat(mountsAt(local)).isZero();
        assertThat(state.boundHere()).isFalse();
        assertThat(Files.readString(seen(local.resolve("etab")))).isEqualTo("this node's own\n");
        assertThat(Files.isDirectory(seen(shared.resolve("sm.bak")))).as("state kept on the shared filesystem").isTrue();
    }

    @Test
    void theSeedsSymlinkIsUsedAsItIsAndRefusedWhileTheSharedFilesystemIsAway() throws Exception {
        Path shared = data.resolve("nfs");
        run("mkdir", "-p", shared.toString());
        Path local = Files.createSymbolicLink(work.resolve("var-lib-nfs"), shared);
        StateDirectory state = stateDirectory(local, shared);

        state.place(Deadline.after(TIMEOUT));

        assertThat(mountsAt(local)).as("nothing mounted over the symlink").isZero();
        assertThat(state.misplaced()).isEmpty();
        assertThat(Files.isSymbolicLink(local)).isTrue();
        state.release(Deadline.after(TIMEOUT));
        assertThat(Files.isSymbolicLink(local)).as("symlink left as it was").isTrue();

        run("umount", data.toString());
        StateDirectory seedDefault = new StateDirectory(local, Optional.empty(), host,
                new OperationTools("state directory", commands));
        assertThat(seedDefault.misplaced()).contains(local + " is a symlink to " + shared
                + ", which does not exist: is the shared filesystem mounted?");
        assertThatThrownBy(() -> seedDefault.place(Deadline.after(TIMEOUT))).isInstanceOf(OperationAbort.class)
                .extracting(abort -> ((OperationAbort) abort).result().outcome()).isEqualTo(OperationResult.Outcome.FAILED);
    }

    @Test
    void aSharedDirectoryOnTheRootFilesystemIsRefused() throws Exception {
        Path local = Files.createDirectories(work.resolve("var-lib-nfs"));
        Path notShared = Files.createDirectories(work.resolve("elsewhere/nfs"));

        assertThatThrownBy(() -> stateDirectory(local, notShared).place(Deadline.after(TIMEOUT)))
                .hasMessageContaining("shared state directory " + notShared + " lies on the root filesystem");
        assertThat(mountsAt(local)).isZero();
    }
}
