package org.jheartbeat.agent.logging;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A connected Unix datagram socket that never blocks, as a log daemon's socket is written ({@code /dev/log},
 * journald's {@code /run/systemd/journal/socket}) and systemd's {@code $NOTIFY_SOCKET}; the JDK has Unix sockets
 * for streams only. Opened on the first datagram and again after a failed one, so a log daemon that restarts is
 * found again. A path starting with {@code @} names a socket in the abstract namespace, as systemd may give it.
 */
public final class UnixDatagramSocket implements AutoCloseable {

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int MSG_DONTWAIT = 0x40;

    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int connect(int fd, Memory address, int length) throws LastErrorException;

        long send(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

        int close(int fd);
    }

    private final Path path;
    private int fd = -1;

    public UnixDatagramSocket(Path path) {
        this.path = path;
    }

    /** @return whether the whole datagram was handed to the receiver's socket */
    public synchronized boolean send(byte[] datagram, int length) {
        try {
            if (fd < 0) {
                fd = open();
            }
            return LibC.INSTANCE.send(fd, datagram, length, MSG_DONTWAIT) == length;
        } catch (LastErrorException e) {
            close();
            return false;
        }
    }

    private int open() {
        int descriptor = LibC.INSTANCE.socket(AF_UNIX, SOCK_DGRAM, 0);
        try {
            Memory address = address(path);
            LibC.INSTANCE.connect(descriptor, address, addressLength(path));
            return descriptor;
        } catch (LastErrorException e) {
            LibC.INSTANCE.close(descriptor);
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            LibC.INSTANCE.close(fd);
            fd = -1;
        }
    }

    /**
     * struct sockaddr_un: a native-order sa_family_t, then the path, NUL-terminated; for an abstract name a NUL,
     * then the name, whose length alone ends it ({@link #addressLength}).
     */
    static Memory address(Path path) {
        byte[] bytes = path.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 107) {
            throw new IllegalArgumentException("socket path too long: " + path);
        }
        Memory address = new Memory(2 + 108);
        address.clear();
        address.setShort(0, (short) AF_UNIX);
        if (abstractName(path)) {
            address.write(3, bytes, 1, bytes.length - 1);
        } else {
            address.write(2, bytes, 0, bytes.length);
        }
        return address;
    }

    /** What connect and bind are told: the whole structure, or for an abstract name exactly its bytes. */
    static int addressLength(Path path) {
        return abstractName(path) ? 2 + path.toString().getBytes(StandardCharsets.UTF_8).length : 2 + 108;
    }

    private static boolean abstractName(Path path) {
        return path.toString().startsWith("@");
    }
}
