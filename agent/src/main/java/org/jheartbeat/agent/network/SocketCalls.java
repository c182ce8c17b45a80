package org.jheartbeat.agent.network;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;

/** The C library's socket calls that the JDK does not offer for netlink and packet sockets. */
interface SocketCalls extends Library {
    SocketCalls LIBC = Native.load("c", SocketCalls.class);

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int setsockopt(int fd, int level, int name, Memory value, int length) throws LastErrorException;

    long sendto(int fd, byte[] buffer, long length, int flags, Memory address, int addressLength)
            throws LastErrorException;

    long recv(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

    int close(int fd);

    String strerror(int errno);
}
