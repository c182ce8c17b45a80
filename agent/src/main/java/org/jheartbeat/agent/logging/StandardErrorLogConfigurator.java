package org.jheartbeat.agent.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.joran.spi.ConsoleTarget;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;

/**
 * The agent's and the commands' logging before ha.cf is read: one line per event on standard error (which systemd's
 * journal, and so syslog, receives), jheartbeat's own messages from the level {@code -Djheartbeat.log.level} names
 * (the launchers set INFO for the agent, WARN for the commands), the libraries' warnings and errors. Set in code,
 * found by Logback through {@code ServiceLoader}: Logback's XML configuration would load its XML parser and
 * configuration interpreter, about 400 classes and 2 MiB resident that the agent keeps for its whole life.
 * An XML file still wins where one is given ({@code -Dlogback.configurationFile}, or a logback.xml or
 * logback-test.xml on the class path, as the tests have).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class StandardErrorLogConfigurator extends ContextAwareBase implements Configurator {

    static final String LEVEL_PROPERTY = "jheartbeat.log.level";
    /** The console appender's name, by which {@link LogSetup} replaces it with the journal. */
    static final String APPENDER = "stderr";
    private static final List<String> XML_FILES = List.of("logback-test.xml", "logback.xml");
    private final Predicate<String> resourceExists;

    public StandardErrorLogConfigurator() {
        this(name -> StandardErrorLogConfigurator.class.getClassLoader().getResource(name) != null);
    }

    StandardErrorLogConfigurator(Predicate<String> resourceExists) {
        this.resourceExists = resourceExists;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null || XML_FILES.stream().anyMatch(resourceExists)) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %logger{0}: %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName(APPENDER);
        stderr.setTarget(ConsoleTarget.SystemErr.getName());
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        context.getLogger("org.jheartbeat").setLevel(Level.toLevel(System.getProperty(LEVEL_PROPERTY), Level.WARN));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
