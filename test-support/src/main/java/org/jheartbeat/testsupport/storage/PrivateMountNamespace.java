package org.jheartbeat.testsupport.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandRunner;

/**
 * A private mount namespace (root only) for tests that mount things: whatever is mounted in it is invisible
 * to the host and disappears when the namespace does. A holder process ({@code unshare --mount
 * --propagation private cat}, reading a pipe from this JVM) keeps the namespace alive, and dies with the JVM
 * even after a SIGKILL because its stdin then ends.
 *
 * <p>{@link #close()} kills every process in the namespace (all of them were started through this object,
 * since nothing else can enter it) and then the holder; the kernel then drops the namespace's mounts.
 */
public final class PrivateMountNamespace implements AutoCloseable {

    private static final long WAIT_SECONDS = 5;

    private final Process holder;
    private final String namespaceId;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook = new Thread(this::close, "private-mount-namespace-cleanup");

    private PrivateMountNamespace(Process holder, String namespaceId) {
        this.holder = holder;
        this.namespaceId = namespaceId;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static PrivateMountNamespace create() throws IOException {
        Process holder = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "cat")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String own = namespaceOf(ProcessHandle.current().pid());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline && holder.isAlive()) {
            String namespace = namespaceOf(holder.pid());
            if (!namespace.isEmpty() && !namespace.equals(own)) {
                return new PrivateMountNamespace(holder, namespace);
            }
            sleep(5);
        }
        holder.destroyForcibly();
        throw new IOException("unshare --mount did not make a new mount namespace within " + WAIT_SECONDS
                + " s (exit " + (holder.isAlive() ? "none" : holder.exitValue()) + "); tests need root");
    }

    /** Runs every command of {@code inner} inside the namespace (through nsenter). */
    public CommandRunner runner(CommandRunner inner) {
        return command -> {
            List<String> argv = new ArrayList<>(List.of("nsenter", "--mount=" + namespaceFile(), "--"));
            argv.addAll(command.argv());
            return inner.run(command.withArgv(argv));
        };
    }

    /**
     * A process inside the namespace (the holder): {@code /proc/PID/root} resolves paths through the namespace's
     * mounts, {@code /proc/PID/mountinfo} is its mount table.
     */
    public long pid() {
        return holder.pid();
    }

    /** The namespace's mount table, the counterpart of {@code /proc/self/mountinfo} inside it. */
    public Path mountInfo() {
        return Path.of("/proc", Long.toString(holder.pid()), "mountinfo");
    }

    /** Starts a process inside the namespace; {@link #close()} kills it if it is still running. */
    public Process spawn(String... argv) throws IOException {
        List<String> command = new ArrayList<>(List.of("nsenter", "--mount=" + namespaceFile(), "--"));
        command.addAll(List.of(argv));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private Path namespaceFile() {
        return Path.of("/proc", Long.toString(holder.pid()), "ns", "mnt");
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (ProcessHandle member : members()) {
            member.destroyForcibly();
            member.onExit().orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).exceptionally(e -> member).join();
        }
        try {
            holder.getOutputStream().close();
        } catch (IOException e) {
            // The holder is killed below anyway.
        }
        holder.destroyForcibly();
        try {
            holder.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Closing from the hook itself during shutdown.
        }
    }

    /** The processes in this namespace other than the holder, found by their namespace id. */
    private List<ProcessHandle> members() {
        List<ProcessHandle> members = new ArrayList<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                long pid = Long.parseLong(process.getFileName().toString());
                if (pid != holder.pid() && namespaceId.equals(namespaceOf(pid))) {
                    ProcessHandle.of(pid).ifPresent(members::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list /proc to find the processes in " + namespaceId, e);
        }
        return members;
    }

    private static String namespaceOf(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "mnt")).toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
