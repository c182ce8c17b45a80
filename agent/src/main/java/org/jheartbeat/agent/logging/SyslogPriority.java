package org.jheartbeat.agent.logging;

import ch.qos.logback.classic.Level;
import java.util.Locale;
import java.util.Map;

/** syslog's facility numbers and the severity of each Logback level, shared by /dev/log and the journal. */
final class SyslogPriority {

    private static final Map<String, Integer> FACILITIES = Map.ofEntries(
            Map.entry("kern", 0), Map.entry("user", 1), Map.entry("mail", 2), Map.entry("daemon", 3),
            Map.entry("auth", 4), Map.entry("syslog", 5), Map.entry("lpr", 6), Map.entry("news", 7),
            Map.entry("uucp", 8), Map.entry("cron", 9), Map.entry("authpriv", 10), Map.entry("ftp", 11),
            Map.entry("local0", 16), Map.entry("local1", 17), Map.entry("local2", 18), Map.entry("local3", 19),
            Map.entry("local4", 20), Map.entry("local5", 21), Map.entry("local6", 22), Map.entry("local7", 23));

    private SyslogPriority() {
    }

    /** @param name a syslog facility name as ha.cf's logfacility takes it */
    static int facility(String name) {
        Integer code = FACILITIES.get(name.toLowerCase(Locale.ROOT));
        if (code == null) {
            throw new IllegalArgumentException("no syslog facility " + name);
        }
        return code;
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
