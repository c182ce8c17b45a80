package org.jheartbeat.testsupport.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.CommandRunner;
import org.jheartbeat.resource.ProcessCommandRunner;

/**
 * A filesystem image file attached to a free loop device (root only): a real block device for mount, fsck and
 * blkid. Loop devices are global to the host, so the device is whatever {@code losetup --find} hands out.
 *
 * <p>{@link #close()} always leaves nothing behind: it lazily unmounts the device wherever it is still mounted
 * in the namespace its commands run in, detaches it (the kernel finishes a detach of a device still mounted
 * in another namespace once that mount goes) and deletes the image. A shutdown hook closes images a test
 * forgot.
 */
public final class LoopImage implements AutoCloseable {

    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);
    /** umount's exit status when the device is mounted nowhere (any more). */
    private static final int UMOUNT_NOTHING_MOUNTED = 32;
    private static final int MAX_MOUNTS_TO_UNDO = 16;

    private final CommandRunner commands;
    private final Path image;
    private final Path device;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook = new Thread(this::closeQuietly, "loop-image-cleanup");

    private LoopImage(CommandRunner commands, Path image, Path device) {
        this.commands = commands;
        this.image = image;
        this.device = device;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Creates a sparse image of {@code sizeMiB} in {@code directory}, attaches it and makes a filesystem on it
     * with {@code mkfs -t fsType -q}, plus any extra mkfs arguments (e.g. {@code "-L", "data"}).
     *
     * @param commands runs losetup, mkfs and, on close, umount: a {@link ProcessCommandRunner}, or the runner of
     *                 the {@link PrivateMountNamespace} the image will be mounted in, so that close unmounts it there
     */
    public static LoopImage create(CommandRunner commands, Path directory, int sizeMiB, String fsType,
                                   String... mkfsArguments) throws IOException {
        Path image = Files.createTempFile(directory, "loop-" + fsType + "-", ".img");
        run(commands, "truncate", "-s", sizeMiB + "M", image.toString());
        CommandResult attached = commands.run(Command.of(TOOL_TIMEOUT, "losetup", "--find", "--show", image.toString()));
        if (!attached.succeeded()) {
            Files.deleteIfExists(image);
            throw new IOException(attached.describe());
        }
        LoopImage loop = new LoopImage(commands, image, Path.of(attached.stdout().strip()));
        try {
            List<String> mkfs = new ArrayList<>(List.of("mkfs", "-t", fsType, "-q"));
            mkfs.addAll(List.of(mkfsArguments));
            mkfs.add(loop.device.toString());
            run(commands, mkfs.toArray(String[]::new));
            return loop;
        } catch (IOException | RuntimeException e) {
            loop.close();
            throw e;
        }
    }

    /** The loop device, e.g. {@code /dev/loop3}. */
    public Path device() {
        return device;
    }

    public Path image() {
        return image;
    }

    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            List<String> problems = new ArrayList<>();
            for (int undone = 0; undone < MAX_MOUNTS_TO_UNDO; undone++) {
                CommandResult umount = commands.run(Command.of(TOOL_TIMEOUT, "umount", "--lazy", device.toString()));
                if (!umount.succeeded()) {
                    if (umount.exitCode() != UMOUNT_NOTHING_MOUNTED) {
                        problems.add(umount.describe());
                    }
                    break;
                }
            }
            CommandResult detach = commands.run(Command.of(TOOL_TIMEOUT, "losetup", "--detach", device.toString()));
            if (!detach.succeeded()) {
                problems.add(detach.describe());
            }
            Files.deleteIfExists(image);
            if (!problems.isEmpty()) {
                throw new IOException("cleaning up " + device + " (" + image + "): " + String.join("; ", problems));
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // Closing from the hook itself during shutdown.
            }
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            System.err.println(e.getMessage());
        }
    }

    private static void run(CommandRunner commands, String... argv) throws IOException {
        CommandResult result = commands.run(Command.of(TOOL_TIMEOUT, argv));
        if (!result.succeeded()) {
            throw new IOException(result.describe());
        }
    }
}
