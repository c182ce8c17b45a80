package org.jheartbeat.agent.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.jheartbeat.agent.config.Logging;
import org.slf4j.LoggerFactory;

/**
 * Where the agent's log goes, from ha.cf as heartbeat reads it: syslog with {@code logfacility} (datagrams to
 * {@code /dev/log}, as syslog(3) sends them), every message but debug to {@code logfile}, everything to
 * {@code debugfile}; {@code debug} above 0, or a debugfile, turns on debug messages. Standard error (the
 * journal under systemd) keeps logging as {@link StandardErrorLogConfigurator} set it.
 */
public final class LogSetup {

    private static final String TAG = "jheartbeat[" + ProcessHandle.current().pid() + "]: %level: %logger{0}: %msg";
    private final Path syslogSocket;

    LogSetup(Path syslogSocket) {
        this.syslogSocket = syslogSocket;
    }

    public static LogSetup system() {
        return new LogSetup(DevLogAppender.DEV_LOG);
    }

    public void apply(Logging logging) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Logger agent = context.getLogger("org.jheartbeat");
        logging.facility().ifPresent(facility -> root.addAppender(syslog(context, facility)));
        logging.logfile().ifPresent(file -> root.addAppender(file(context, "logfile", file, Level.INFO)));
        logging.debugfile().ifPresent(file -> root.addAppender(file(context, "debugfile", file, Level.DEBUG)));
        if (logging.debugLevel() > 0 || logging.debugfile().isPresent()) {
            agent.setLevel(Level.DEBUG);
        } else if (agent.getLevel() == null || agent.getLevel().isGreaterOrEqual(Level.WARN)) {
            agent.setLevel(Level.INFO);
        }
    }

    private Appender<ILoggingEvent> syslog(LoggerContext context, String facility) {
        DevLogAppender syslog = new DevLogAppender(syslogSocket, facility);
        syslog.setContext(context);
        syslog.setName("syslog");
        syslog.addFilter(threshold(context, Level.INFO));
        syslog.start();
        return syslog;
    }

    private static Appender<ILoggingEvent> file(LoggerContext context, String name, Path file, Level threshold) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy/MM/dd_HH:mm:ss.SSS} " + TAG + "%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.addFilter(threshold(context, threshold));
        appender.start();
        return appender;
    }

    private static ThresholdFilter threshold(LoggerContext context, Level level) {
        ThresholdFilter filter = new ThresholdFilter();
        filter.setContext(context);
        filter.setLevel(level.levelStr);
        filter.start();
        return filter;
    }
}
