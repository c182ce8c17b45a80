package org.jheartbeat.agent.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Sends log lines to the local syslog daemon the way syslog(3) does: RFC 3164 datagrams to the Unix socket
 * {@code /dev/log}, with ha.cf's {@code logfacility}. (Logback's own syslog appender speaks UDP, which
 * Debian's rsyslog does not listen to by default.) A datagram that cannot be sent is dropped: logging must
 * never stall the agent; the socket is opened again on the next line.
 */
final class DevLogAppender extends AppenderBase<ILoggingEvent> {

    static final Path DEV_LOG = Path.of("/dev/log");
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MAX_DATAGRAM = 2048;
    private static final Map<String, Integer> FACILITIES = Map.ofEntries(
            Map.entry("kern", 0), Map.entry("user", 1), Map.entry("mail", 2), Map.entry("daemon", 3),
            Map.entry("auth", 4), Map.entry("syslog", 5), Map.entry("lpr", 6), Map.entry("news", 7),
            Map.entry("uucp", 8), Map.entry("cron", 9), Map.entry("authpriv", 10), Map.entry("ftp", 11),
            Map.entry("local0", 16), Map.entry("local1", 17), Map.entry("local2", 18), Map.entry("local3", 19),
            Map.entry("local4", 20), Map.entry("local5", 21), Map.entry("local6", 22), Map.entry("local7", 23));

    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int connect(int fd, Memory address, int length) throws LastErrorException;

        long send(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

        int close(int fd);
    }

    private final Path socket;
    private final int facility;
    private final PatternLayout layout = new PatternLayout();
    private int fd = -1;

    /** @param facility a syslog facility name as ha.cf's logfacility takes it */
    DevLogAppender(Path socket, String facility) {
        Integer code = FACILITIES.get(facility.toLowerCase(Locale.ROOT));
        if (code == null) {
            throw new IllegalArgumentException("no syslog facility " + facility);
        }
        this.socket = socket;
        this.facility = code;
    }

    @Override
    public void start() {
        layout.setContext(getContext());
        layout.setPattern("jheartbeat[" + ProcessHandle.current().pid() + "]: %level: %logger{0}: %msg");
        layout.start();
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        String line = "<" + (facility * 8 + severity(event.getLevel())) + ">" + layout.doLayout(event);
        byte[] datagram = line.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(datagram.length, MAX_DATAGRAM);
        try {
            if (fd < 0) {
                fd = open();
            }
            LibC.INSTANCE.send(fd, datagram, length, MSG_DONTWAIT);
        } catch (LastErrorException e) {
            closeSocket();
        }
    }

    @Override
    public void stop() {
        closeSocket();
        super.stop();
    }

    private int open() {
        int descriptor = LibC.INSTANCE.socket(AF_UNIX, SOCK_DGRAM, 0);
        try {
            Memory address = unixAddress(socket);
            LibC.INSTANCE.connect(descriptor, address, (int) address.size());
            return descriptor;
        } catch (LastErrorException e) {
            LibC.INSTANCE.close(descriptor);
            throw e;
        }
    }

    private void closeSocket() {
        if (fd >= 0) {
            LibC.INSTANCE.close(fd);
            fd = -1;
        }
    }

    /** struct sockaddr_un: a native-order sa_family_t, then the path, NUL-terminated. */
    static Memory unixAddress(Path path) {
        byte[] bytes = path.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 107) {
            throw new IllegalArgumentException("socket path too long: " + path);
        }
        Memory address = new Memory(2 + 108);
        address.clear();
        address.setShort(0, (short) AF_UNIX);
        address.write(2, bytes, 0, bytes.length);
        return address;
    }

    /** syslog severities: ERROR err(3), WARN warning(4), INFO info(6), DEBUG and TRACE debug(7). */
    static int severity(Level level) {
        if (level.isGreaterOrEqual(Level.ERROR)) {
            return 3;
        }
        if (level.isGreaterOrEqual(Level.WARN)) {
            return 4;
        }
        return level.isGreaterOrEqual(Level.INFO) ? 6 : 7;
    }
}
