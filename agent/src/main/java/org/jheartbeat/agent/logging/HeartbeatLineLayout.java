package org.jheartbeat.agent.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.LayoutBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A line of the agent's log: jheartbeat's own lines by {@code pattern}; the lines {@link HeartbeatLog} writes in
 * heartbeat's words as heartbeat 3.0.6 writes them (recorded), so that rules written for heartbeat's lines match
 * them whole. In a file, the daemon's {@code Dec 06 19:40:44 beta heartbeat: [PID]: WARN: node alpha: is dead} and its
 * scripts' {@code 2026/12/06_19:40:44  mach_down(default)[PID]:    info: ...}; to syslog, which adds the time and
 * host itself, {@code heartbeat: [PID]: WARN: ...} and {@code mach_down(default)[PID]: info: ...} (the journal
 * gets the same identifier, process id and message: {@link #syslogLine}).
 */
final class HeartbeatLineLayout extends LayoutBase<ILoggingEvent> {

    private static final DateTimeFormatter DAEMON_TIME = DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter SCRIPT_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd_HH:mm:ss",
            Locale.ROOT);
    private static final long PID = ProcessHandle.current().pid();

    private final PatternLayout own = new PatternLayout();
    private final boolean syslog;
    private final String host;

    /**
     * @param pattern jheartbeat's own lines
     * @param syslog  whether syslog stamps the lines with time and host (else they carry their own)
     */
    HeartbeatLineLayout(String pattern, boolean syslog) {
        own.setPattern(pattern);
        this.syslog = syslog;
        this.host = hostname();
    }

    @Override
    public void setContext(Context context) {
        super.setContext(context);
        own.setContext(context);
    }

    @Override
    public void start() {
        own.start();
        super.start();
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        Optional<SyslogLine> heartbeat = syslogLine(event);
        if (heartbeat.isEmpty()) {
            return own.doLayout(event);
        }
        SyslogLine line = heartbeat.get();
        if (syslog) {
            return line.tagged();
        }
        ZonedDateTime time = Instant.ofEpochMilli(event.getTimeStamp()).atZone(ZoneId.systemDefault());
        if (line.pid().isEmpty()) {
            return DAEMON_TIME.format(time) + " " + host + " " + line.tagged() + System.lineSeparator();
        }
        return SCRIPT_TIME.format(time) + "  " + line.identifier() + "[" + line.pid().getAsLong() + "]:    "
                + line.message() + System.lineSeparator();
    }

    /**
     * A line in heartbeat's words as syslog carries it: the program's identifier, the process id when its tag has one
     * (the scripts' {@code ResourceManager(default)[PID]:}; the daemon writes {@code heartbeat: [PID]: ...}), and the
     * message.
     */
    record SyslogLine(String identifier, OptionalLong pid, String message) {

        String tagged() {
            return identifier + (pid.isPresent() ? "[" + pid.getAsLong() + "]" : "") + ": " + message;
        }
    }

    /** The line of an event {@link HeartbeatLog} wrote; empty for jheartbeat's own lines. */
    static Optional<SyslogLine> syslogLine(ILoggingEvent event) {
        String logger = event.getLoggerName();
        if (logger.equals(HeartbeatLog.PREFIX)) {
            return Optional.of(new SyslogLine(HeartbeatLog.DAEMON, OptionalLong.empty(),
                    "[" + PID + "]: " + levelWord(event.getLevel()) + ": " + event.getFormattedMessage()));
        }
        if (logger.startsWith(HeartbeatLog.PREFIX + ".")) {
            return Optional.of(new SyslogLine(logger.substring(HeartbeatLog.PREFIX.length() + 1) + "(default)",
                    OptionalLong.of(PID), event.getFormattedMessage()));
        }
        return Optional.empty();
    }

    /** heartbeat's words for the levels: info and debug in lower case, the others in capitals. */
    private static String levelWord(Level level) {
        if (level.isGreaterOrEqual(Level.ERROR)) {
            return "ERROR";
        }
        if (level.isGreaterOrEqual(Level.WARN)) {
            return "WARN";
        }
        return level.isGreaterOrEqual(Level.INFO) ? "info" : "debug";
    }

    /** What {@code uname -n} says, as heartbeat names the node in its lines. */
    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
