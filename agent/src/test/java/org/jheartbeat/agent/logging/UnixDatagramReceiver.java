package org.jheartbeat.agent.logging;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Unix datagram socket bound where a log daemon listens, as syslogd binds /dev/log and journald its socket, or
 * where systemd listens for a service's notifications ({@code $NOTIFY_SOCKET}).
 */
public final class UnixDatagramReceiver implements AutoCloseable {

    private static final int MSG_DONTWAIT = 0x40;

    interface SocketCalls extends Library {
        SocketCalls INSTANCE = Native.load("c", SocketCalls.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, Memory address, int length) throws LastErrorException;

        long recv(int fd, byte[] buffer, long length, int flags);

        int close(int fd);
    }

    private final int fd;

    public UnixDatagramReceiver(Path path) {
        fd = SocketCalls.INSTANCE.socket(1, 2, 0);
        Memory address = UnixDatagramSocket.address(path);
        SocketCalls.INSTANCE.bind(fd, address, UnixDatagramSocket.addressLength(path));
    }

    /** Every datagram queued now; the sender's send has returned, so what it sent is queued. */
    public List<byte[]> queued() {
        List<byte[]> datagrams = new ArrayList<>();
        byte[] buffer = new byte[65536];
        long received;
        while ((received = SocketCalls.INSTANCE.recv(fd, buffer, buffer.length, MSG_DONTWAIT)) >= 0) {
            datagrams.add(Arrays.copyOf(buffer, (int) received));
        }
        return datagrams;
    }

    /** {@link #queued} as text, one string per datagram. */
    public List<String> queuedText() {
        return queued().stream().map(datagram -> new String(datagram, StandardCharsets.UTF_8)).toList();
    }

    @Override
    public void close() {
        SocketCalls.INSTANCE.close(fd);
    }
}
