package org.jheartbeat.agent.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.jheartbeat.agent.control.RunningAgent;

/**
 * The one agent of a node: a lock on {@code agent.lock} beside the control socket, taken before the agent reads a
 * resource's state or joins the cluster, and held until its process ends (the kernel releases it then, however the
 * process ended). The file holds the holder's process id, for the message a second agent prints.
 */
final class AgentLock {

    /** The lock is held by another process. */
    static final class HeldException extends Exception {
        HeldException(String message) {
            super(message);
        }
    }

    /** Kept so that neither is collected: a collected channel closes, and closing it unlocks. */
    private final FileChannel channel;
    private final FileLock lock;
    private final Path file;

    private AgentLock(FileChannel channel, FileLock lock, Path file) {
        this.channel = channel;
        this.lock = lock;
        this.file = file.toAbsolutePath();
    }

    /** The lock of the agent whose control socket is {@code controlSocket}. */
    static Path file(Path controlSocket) {
        return RunningAgent.lockFile(controlSocket);
    }

    /**
     * Takes the lock at once, or says who holds it.
     *
     * @throws HeldException when another process holds it
     * @throws IOException   when the file cannot be created or locked at all
     */
    static AgentLock take(Path file) throws HeldException, IOException {
        Path directory = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            Optional<String> pid = holder(channel);
            channel.close();
            String holder = pid.map(id -> " (process " + id + ")").orElse("");
            if (pid.map(AgentLock::isRelease).orElse(false)) {
                throw new HeldException("the guard's release of a previous agent's groups" + holder + " runs on this"
                        + " node: it holds " + file + " until every group it found running has stopped");
            }
            throw new HeldException("another jheartbeat agent" + holder + " runs on this node: it holds " + file);
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        channel.force(false);
        return new AgentLock(channel, lock, file);
    }

    /** Where the lock is: the agent's run directory, beside its control socket. */
    Path directory() {
        return file.getParent();
    }

    /** Whether the process is {@code jheartbeat --release}, as the guard of an agent that is gone runs it. */
    private static boolean isRelease(String pid) {
        return ProcessHandle.of(Long.parseLong(pid)).flatMap(process -> process.info().commandLine())
                .map(RunningAgent::isRelease).orElse(false);
    }

    private static Optional<String> holder(FileChannel channel) throws IOException {
        ByteBuffer text = ByteBuffer.allocate(32);
        channel.read(text, 0);
        String pid = new String(text.array(), 0, text.position(), StandardCharsets.US_ASCII).strip();
        return pid.matches("[0-9]{1,18}") ? Optional.of(pid) : Optional.empty();
    }
}
