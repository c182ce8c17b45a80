package org.jheartbeat.agent.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.jheartbeat.agent.control.ControlReply;
import org.jheartbeat.agent.control.ControlRequest;

/** One request to the agent's control socket and its reply. */
public final class ControlClient implements AgentLink {

    static final String DEFAULT_SOCKET_NAME = "/run/jheartbeat/control.sock";
    public static final Path DEFAULT_SOCKET = Path.of(DEFAULT_SOCKET_NAME);
    /** Replies are a few kilobytes; anything near this is not the agent talking. */
    private static final int MAX_REPLY_BYTES = 16 * 1024 * 1024;

    private final Path socket;

    /** The agent's socket as every client finds it ({@link AgentSocket#locate()}). */
    static ControlClient located() {
        return new ControlClient(AgentSocket.locate());
    }

    public ControlClient(Path socket) {
        this.socket = socket;
    }

    /** The agent is not running here, or not on this socket. */
    public static final class NotRunningException extends Exception {
        NotRunningException(String message) {
            super(message);
        }
    }

    /** The file system keeps this user from the socket (a directory's or the socket's permissions). */
    public static final class PermissionDeniedException extends IOException {
        PermissionDeniedException(String message) {
            super(message);
        }
    }

    @Override
    public ControlReply call(ControlRequest request) throws NotRunningException, IOException {
        return AgentLink.super.call(request);
    }

    /** Sends one request line, returns the reply line. */
    @Override
    public String exchange(String requestLine) throws NotRunningException, IOException {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            Optional<String> denial = AgentSocket.denial(socket);
            if (denial.isPresent()) {
                throw new PermissionDeniedException(denial.get());
            }
            throw new NotRunningException("jheartbeat is not running on this machine (no agent answers on " + socket
                    + ": " + e.getMessage() + ")");
        }
        try (channel) {
            ByteBuffer out = ByteBuffer.wrap(requestLine.getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            while (channel.read(in.clear()) >= 0) {
                reply.write(in.array(), 0, in.position());
                if (reply.size() > MAX_REPLY_BYTES) {
                    throw new IOException("reply from " + socket + " is longer than " + MAX_REPLY_BYTES + " bytes");
                }
            }
            if (reply.size() == 0) {
                throw new IOException("the agent on " + socket + " closed the connection without a reply (too many "
                        + "requests at once?)");
            }
            return reply.toString(StandardCharsets.UTF_8).strip();
        }
    }
}
