package org.jheartbeat.agent.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's control socket. Each connection carries one request line and gets one reply line (a relayed
 * command's answer instead, {@link CommandRelay}). Requests are
 * served by a few threads; a connection beyond them is closed at once, a request that has not arrived within
 * {@link ControlProtocol#READ_TIMEOUT} is dropped, one longer than {@link ControlProtocol#MAX_REQUEST_BYTES} or
 * not valid JSON gets an error reply. None of it reaches the cluster.
 *
 * <p>The socket file is open to everybody (mode 666): rights come from the kernel's peer credentials, so a
 * refused caller learns why instead of seeing a bare "permission denied".
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    static final int WORKERS = 4;
    private static final long ACCEPT_RETRY_MILLIS = 100;

    private final Path path;
    private final ServerSocketChannel server;
    private final RequestHandler handler;
    private final ExecutorService workers;
    private final ScheduledExecutorService deadlines;
    private final Semaphore slots = new Semaphore(WORKERS);
    private final Thread acceptor;
    private final AtomicInteger dropped = new AtomicInteger();

    private ControlServer(Path path, ServerSocketChannel server, RequestHandler handler) {
        this.path = path;
        this.server = server;
        this.handler = handler;
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(WORKERS, task -> daemon(task, "control-"
                + threadNumber.incrementAndGet()));
        this.deadlines = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "control-deadlines"));
        this.acceptor = daemon(this::acceptLoop, "control-accept");
    }

    /**
     * Listens on {@code path}, creating its directory. A stale socket file is replaced; one another agent still
     * answers on is not.
     */
    public static ControlServer open(Path path, RequestHandler handler) throws IOException {
        Path directory = path.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        if (Files.exists(path)) {
            if (answers(path)) {
                throw new IOException("another agent is listening on " + path);
            }
            Files.delete(path);
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw-rw-"));
        ControlServer control = new ControlServer(path, server, handler);
        control.acceptor.start();
        LOG.info("control socket {} listening", path);
        return control;
    }

    private static boolean answers(Path path) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Connections closed unanswered so far: over the worker limit or too slow to send their request. */
    public int dropped() {
        return dropped.get();
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel connection;
            try {
                connection = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // e.g. out of file descriptors: pause rather than spin on an error that will repeat at once
                LOG.warn("control socket: accept failed: {}", e.getMessage());
                try {
                    Thread.sleep(ACCEPT_RETRY_MILLIS);
                } catch (InterruptedException interrupted) {
                    return;
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                dropped.incrementAndGet();
                closeQuietly(connection);
                continue;
            }
            workers.execute(() -> {
                try {
                    serve(connection);
                } finally {
                    closeQuietly(connection);
                    slots.release();
                }
            });
        }
    }

    private void serve(SocketChannel connection) {
        ScheduledFuture<?> deadline;
        try {
            deadline = deadlines.schedule(() -> {
                dropped.incrementAndGet();
                closeQuietly(connection);
            }, ControlProtocol.READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return; // the server is closing
        }
        String line;
        Caller caller;
        try {
            caller = Caller.of(connection);
            line = readLine(connection);
        } catch (IOException e) {
            return; // closed at its deadline, or the client left
        } finally {
            deadline.cancel(false);
        }
        byte[] answer = line == null ? RequestHandler.bytes(ControlReply.refused("too-long", "request longer than "
                + ControlProtocol.MAX_REQUEST_BYTES + " bytes")) : handler.answer(caller, line);
        try {
            ByteBuffer bytes = ByteBuffer.wrap(answer);
            while (bytes.hasRemaining()) {
                connection.write(bytes);
            }
        } catch (IOException e) {
            LOG.debug("control socket: client left before its reply: {}", e.getMessage());
        }
    }

    /** The request up to its newline or the end of input; null when it is longer than allowed. */
    private static String readLine(SocketChannel connection) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(512);
        while (true) {
            buffer.clear();
            int read = connection.read(buffer);
            if (read < 0) {
                break;
            }
            for (int i = 0; i < read; i++) {
                byte b = buffer.get(i);
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
            if (line.size() > ControlProtocol.MAX_REQUEST_BYTES) {
                return null;
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        closeQuietly(server);
        acceptor.interrupt();
        workers.shutdownNow();
        deadlines.shutdownNow();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("control socket {} not removed: {}", path, e.getMessage());
        }
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("close: {}", e.getMessage());
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
