package org.jheartbeat.agent.cli;

import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The time as heartbeat's commands print it at the start of their messages, syslog's "Nov 25 21:09:22". */
final class SyslogTime {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);

    private SyslogTime() {
    }

    static String now(Clock clock) {
        return FORMAT.format(clock.instant().atZone(ZoneId.systemDefault()));
    }
}
