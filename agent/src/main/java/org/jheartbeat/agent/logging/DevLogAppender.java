package org.jheartbeat.agent.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Sends log lines to the local syslog daemon the way syslog(3) does: RFC 3164 datagrams to the Unix socket
 * {@code /dev/log}, with ha.cf's {@code logfacility}. (Logback's own syslog appender speaks UDP, which
 * Debian's rsyslog does not listen to by default.) A datagram that cannot be sent is dropped: logging must
 * never stall the agent; the socket is opened again on the next line.
 */
final class DevLogAppender extends AppenderBase<ILoggingEvent> {

    static final Path DEV_LOG = Path.of("/dev/log");
    private static final int MAX_DATAGRAM = 2048;

    private final UnixDatagramSocket socket;
    private final int facility;
    private final HeartbeatLineLayout layout = new HeartbeatLineLayout("jheartbeat[" + ProcessHandle.current().pid()
            + "]: " + LogSetup.MESSAGE, true);

    /** @param facility a syslog facility name as ha.cf's logfacility takes it */
    DevLogAppender(Path socket, String facility) {
        this.socket = new UnixDatagramSocket(socket);
        this.facility = SyslogPriority.facility(facility);
    }

    @Override
    public void start() {
        layout.setContext(getContext());
        layout.start();
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        String line = "<" + (facility * 8 + SyslogPriority.severity(event.getLevel())) + ">" + layout.doLayout(event);
        byte[] datagram = line.getBytes(StandardCharsets.UTF_8);
        socket.send(datagram, Math.min(datagram.length, MAX_DATAGRAM));
    }

    @Override
    public void stop() {
        socket.close();
        super.stop();
    }
}
