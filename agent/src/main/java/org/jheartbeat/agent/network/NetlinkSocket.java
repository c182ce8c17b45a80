package org.jheartbeat.agent.network;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.io.IOException;
import java.time.Duration;

/**
 * A NETLINK_ROUTE socket (rtnetlink(7)) to the kernel of the network namespace of the thread that opened it, kept for
 * the agent's life: the kernel serves every request on it at once, so an address change costs a system call where
 * {@code ip} costs a process. Waits for an answer at most {@code wait} (SO_RCVTIMEO).
 */
final class NetlinkSocket implements Datagrams {

    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int NETLINK_ROUTE = 0;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    /** recv returns the datagram's real length, so that one longer than the buffer is told from one that fits. */
    private static final int MSG_TRUNC = 0x20;
    private static final int EAGAIN = 11;
    private static final int SOCKADDR_NL_BYTES = 12;

    private final int fd;
    private final Duration wait;
    private final Memory kernel = new Memory(SOCKADDR_NL_BYTES);

    private NetlinkSocket(int fd, Duration wait) {
        this.fd = fd;
        this.wait = wait;
        kernel.clear();
        kernel.setShort(0, (short) AF_NETLINK);
    }

    /** Opens the socket in the calling thread's network namespace. */
    static NetlinkSocket open(Duration wait) throws IOException {
        try {
            int fd = SocketCalls.LIBC.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
            Memory timeval = new Memory(2L * Native.LONG_SIZE);
            setNativeLong(timeval, 0, wait.toSeconds());
            setNativeLong(timeval, Native.LONG_SIZE, wait.toMillisPart() * 1000L);
            SocketCalls.LIBC.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeval, (int) timeval.size());
            return new NetlinkSocket(fd, wait);
        } catch (LastErrorException e) {
            throw new IOException("cannot open a netlink socket: " + describe(e.getErrorCode()), e);
        } catch (UnsatisfiedLinkError e) {
            throw new IOException("cannot open a netlink socket: libc not reachable: " + e.getMessage(), e);
        }
    }

    @Override
    public void send(byte[] datagram) throws IOException {
        try {
            SocketCalls.LIBC.sendto(fd, datagram, datagram.length, 0, kernel, SOCKADDR_NL_BYTES);
        } catch (LastErrorException e) {
            throw new IOException("netlink send: " + describe(e.getErrorCode()), e);
        }
    }

    @Override
    public int receive(byte[] buffer) throws IOException {
        long length;
        try {
            length = SocketCalls.LIBC.recv(fd, buffer, buffer.length, MSG_TRUNC);
        } catch (LastErrorException e) {
            throw new IOException(e.getErrorCode() == EAGAIN ? "the kernel did not answer within " + wait.toMillis()
                    + " ms" : "netlink receive: " + describe(e.getErrorCode()), e);
        }
        if (length > buffer.length) {
            throw new IOException("the kernel sent a " + length + "-byte netlink datagram, more than the "
                    + buffer.length + " bytes read");
        }
        return (int) length;
    }

    /** The C library's text for {@code errno}, with its number. */
    static String describe(int errno) {
        try {
            return SocketCalls.LIBC.strerror(errno) + " (errno " + errno + ")";
        } catch (UnsatisfiedLinkError e) {
            return "errno " + errno;
        }
    }

    private static void setNativeLong(Memory memory, long offset, long value) {
        if (Native.LONG_SIZE == Long.BYTES) {
            memory.setLong(offset, value);
        } else {
            memory.setInt(offset, (int) value);
        }
    }

    @Override
    public void close() {
        SocketCalls.LIBC.close(fd);
    }
}
