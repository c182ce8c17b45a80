package org.jheartbeat.agent.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import org.jheartbeat.agent.config.Logging;
import org.slf4j.LoggerFactory;

/**
 * Where the agent's log goes once ha.cf is read, one path per line: when standard error is systemd's journal
 * ({@link JournalStream}), the journal alone, through its native protocol with real priorities and ha.cf's facility
 * ({@link JournalAppender}); otherwise syslog with {@code logfacility} (datagrams to {@code /dev/log}, as syslog(3)
 * sends them) beside standard error. {@code logfacility none} sends nothing to either syslog or the journal, as
 * heartbeat sends nothing to syslog. Every message but debug goes to {@code logfile}, everything to
 * {@code debugfile}, both opened again when logrotate moves them; {@code debug} above 0, or a debugfile, turns on
 * debug messages. The lines written in
 * heartbeat's words ({@link HeartbeatLog}) have heartbeat's format in syslog and the files.
 */
public final class LogSetup {

    /** Every destination's words for one event: the level, the class that logged, the message. */
    static final String MESSAGE = "%level: %logger{0}: %msg";
    private static final String TAG = "jheartbeat[" + ProcessHandle.current().pid() + "]: " + MESSAGE;
    private final Path syslogSocket;
    private final Optional<Path> journalSocket;
    private final PrintStream standardError;

    /** @param journalSocket journald's socket when standard error is the journal */
    LogSetup(Path syslogSocket, Optional<Path> journalSocket, PrintStream standardError) {
        this.syslogSocket = syslogSocket;
        this.journalSocket = journalSocket;
        this.standardError = standardError;
    }

    public static LogSetup system() {
        return new LogSetup(DevLogAppender.DEV_LOG, JournalStream.ofThisProcess(), System.err);
    }

    /** @param node this node's name, which every journal entry carries */
    public void apply(Logging logging, String node) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Logger agent = context.getLogger("org.jheartbeat");
        if (journalSocket.isPresent()) {
            root.detachAppender(StandardErrorLogConfigurator.APPENDER);
            logging.facility().ifPresent(facility -> root.addAppender(journal(context, facility, node)));
        } else {
            logging.facility().ifPresent(facility -> root.addAppender(syslog(context, facility)));
        }
        logging.logfile().ifPresent(file -> root.addAppender(file(context, "logfile", file, Level.INFO)));
        logging.debugfile().ifPresent(file -> root.addAppender(file(context, "debugfile", file, Level.DEBUG)));
        if (logging.debugLevel() > 0 || logging.debugfile().isPresent()) {
            agent.setLevel(Level.DEBUG);
        } else if (agent.getLevel() == null || agent.getLevel().isGreaterOrEqual(Level.WARN)) {
            agent.setLevel(Level.INFO);
        }
    }

    private Appender<ILoggingEvent> journal(LoggerContext context, String facility, String node) {
        JournalAppender journal = new JournalAppender(journalSocket.orElseThrow(), facility, node, standardError);
        return started(context, journal, "journal");
    }

    private Appender<ILoggingEvent> syslog(LoggerContext context, String facility) {
        return started(context, new DevLogAppender(syslogSocket, facility), "syslog");
    }

    private static Appender<ILoggingEvent> started(LoggerContext context, Appender<ILoggingEvent> appender,
                                                   String name) {
        appender.setContext(context);
        appender.setName(name);
        appender.addFilter(threshold(context, Level.INFO));
        appender.start();
        return appender;
    }

    private static Appender<ILoggingEvent> file(LoggerContext context, String name, Path file, Level threshold) {
        HeartbeatLineLayout layout = new HeartbeatLineLayout("%d{yyyy/MM/dd_HH:mm:ss.SSS} " + TAG + "%n", false);
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        FileAppender<ILoggingEvent> appender = new ReopeningFileAppender();
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.addFilter(threshold(context, threshold));
        appender.setContext(context);
        appender.setName(name);
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
