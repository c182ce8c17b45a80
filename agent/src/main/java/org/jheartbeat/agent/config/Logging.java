package org.jheartbeat.agent.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the agent logs, from ha.cf.
 *
 * @param facility syslog facility, empty for {@code logfacility none} (no syslog)
 * @param logfile  every non-debug message also goes here when set
 * @param debugfile debug messages go here when set
 * @param debugLevel heartbeat's {@code debug} 0-255; above 0 turns on debug logging
 */
public record Logging(Optional<String> facility, Optional<Path> logfile, Optional<Path> debugfile,
                      boolean useLogd, int debugLevel) {
}
