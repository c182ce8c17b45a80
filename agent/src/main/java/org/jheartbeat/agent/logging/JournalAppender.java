package org.jheartbeat.agent.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One journal entry per event through journald's native protocol (a datagram of {@code FIELD=value} lines to
 * {@code /run/systemd/journal/socket}), so the entry carries its real priority, ha.cf's facility and the fields an
 * operator filters on: {@code journalctl JHEARTBEAT_GROUP=nfs}, {@code JHEARTBEAT_RESOURCE=drbddisk::r0},
 * {@code JHEARTBEAT_NODE=alpha}, from the logging thread's context ({@code MDC} keys group and resource) and this
 * node's name. Standard error with a {@code <N>} prefix could carry the priority only. A datagram journald does
 * not take (its queue full, or larger than the socket allows) goes to standard error, which is the journal too,
 * with its priority as a {@code <N>} prefix: nothing is lost, and the agent never waits for the journal.
 */
final class JournalAppender extends AppenderBase<ILoggingEvent> {

    private static final Map<String, String> CONTEXT_FIELDS = Map.of(
            "group", "JHEARTBEAT_GROUP", "resource", "JHEARTBEAT_RESOURCE");

    private final UnixDatagramSocket socket;
    private final int facility;
    private final String node;
    private final PrintStream fallback;
    private final PatternLayout layout = new PatternLayout();

    /** @param facility ha.cf's logfacility, which journald passes on to syslog */
    JournalAppender(Path socket, String facility, String node, PrintStream fallback) {
        this.socket = new UnixDatagramSocket(socket);
        this.facility = SyslogPriority.facility(facility);
        this.node = node;
        this.fallback = fallback;
    }

    @Override
    public void start() {
        layout.setContext(getContext());
        layout.setPattern(LogSetup.MESSAGE + "%n"); // a stack trace starts on a line of its own
        layout.start();
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        // A line in heartbeat's words is entered as heartbeat's program would have entered it through syslog(3).
        Optional<HeartbeatLineLayout.SyslogLine> heartbeat = HeartbeatLineLayout.syslogLine(event);
        String message = heartbeat.map(HeartbeatLineLayout.SyslogLine::message)
                .orElseGet(() -> layout.doLayout(event).stripTrailing());
        int severity = SyslogPriority.severity(event.getLevel());
        ByteArrayOutputStream entry = new ByteArrayOutputStream(256 + message.length());
        field(entry, "MESSAGE", message);
        field(entry, "PRIORITY", Integer.toString(severity));
        field(entry, "SYSLOG_FACILITY", Integer.toString(facility));
        field(entry, "SYSLOG_IDENTIFIER", heartbeat.map(HeartbeatLineLayout.SyslogLine::identifier)
                .orElse("jheartbeat"));
        heartbeat.ifPresent(line -> line.pid().ifPresent(pid -> field(entry, "SYSLOG_PID", Long.toString(pid))));
        field(entry, "JHEARTBEAT_NODE", node);
        event.getMDCPropertyMap().forEach((key, value) -> {
            String name = CONTEXT_FIELDS.get(key);
            if (name != null) {
                field(entry, name, value);
            }
        });
        byte[] datagram = entry.toByteArray();
        if (!socket.send(datagram, datagram.length)) {
            fallback.println("<" + severity + ">" + message.replace("\n", "\n<" + severity + ">"));
        }
    }

    /** A field as the native protocol writes it: {@code NAME=value}, or, for a value with newlines, its length. */
    private static void field(ByteArrayOutputStream entry, String name, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        entry.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
        if (value.indexOf('\n') < 0) {
            entry.write('=');
        } else {
            entry.write('\n');
            entry.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(bytes.length).array());
        }
        entry.writeBytes(bytes);
        entry.write('\n');
    }

    @Override
    public void stop() {
        socket.close();
        super.stop();
    }
}
