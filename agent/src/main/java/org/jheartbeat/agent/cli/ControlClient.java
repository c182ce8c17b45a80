package org.jheartbeat.agent.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jheartbeat.agent.control.ControlProtocol;
import org.jheartbeat.agent.control.ControlReply;
import org.jheartbeat.agent.control.ControlRequest;

/** One request to the agent's control socket and its reply. */
public final class ControlClient {

    public static final Path DEFAULT_SOCKET = Path.of("/run/jheartbeat/control.sock");
    /** Replies are a few kilobytes; anything near this is not the agent talking. */
    private static final int MAX_REPLY_BYTES = 16 * 1024 * 1024;

    private final Path socket;

    /** The agent's socket as heartbeat's commands find it: {@code $JHEARTBEAT_CONTROL_SOCKET}, else the default. */
    static ControlClient fromEnvironment() {
        String socket = System.getenv("JHEARTBEAT_CONTROL_SOCKET");
        return new ControlClient(socket == null ? DEFAULT_SOCKET : Path.of(socket));
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

    public ControlReply call(ControlRequest request) throws NotRunningException, IOException {
        return ControlProtocol.decode(exchange(ControlProtocol.encode(request)), ControlReply.class);
    }

    /** Sends one request line, returns the reply line. */
    public String exchange(String requestLine) throws NotRunningException, IOException {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
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
