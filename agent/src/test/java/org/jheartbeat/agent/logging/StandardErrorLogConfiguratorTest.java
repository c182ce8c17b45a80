package org.jheartbeat.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The logging set in code on a fresh Logback context, as the packaged agent and commands get it. */
class StandardErrorLogConfiguratorTest {

    private final PrintStream standardError = System.err;
    private final LoggerContext context = new LoggerContext();

    StandardErrorLogConfiguratorTest() {
        // What Logback's SLF4J provider gives the context it makes.
        context.setMDCAdapter(new LogbackMDCAdapter());
    }

    @AfterEach
    void restore() {
        System.setErr(standardError);
        System.clearProperty(StandardErrorLogConfigurator.LEVEL_PROPERTY);
        context.stop();
    }

    @Test
    void writesJheartbeatsMessagesFromTheLauncherLevelAndOnlyLibraryWarnings() {
        System.setProperty(StandardErrorLogConfigurator.LEVEL_PROPERTY, "INFO");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));

        assertThat(configuredWithoutXml()).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        context.getLogger("org.jheartbeat.agent.cluster.ClusterNode").info("node beta: dead");
        context.getLogger("org.jheartbeat.agent.cluster.ClusterNode").debug("epoch 7 decided");
        context.getLogger("org.jgroups.protocols.UDP").info("joined");
        context.getLogger("org.jgroups.protocols.UDP").warn("no route to host");

        String lines = captured.toString(StandardCharsets.UTF_8);
        assertThat(lines).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  ClusterNode: node beta: dead\n"
                + "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  UDP: no route to host\n");
    }

    @Test
    void withoutALevelJheartbeatLogsWarningsAsTheLibrariesDo() {
        configuredWithoutXml();

        assertThat(context.getLogger("org.jheartbeat").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void anXmlFileOnTheClassPathIsLeftToLogback() {
        ExecutionStatus status = new StandardErrorLogConfigurator(name -> name.equals("logback.xml")).configure(context);

        assertThat(status).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    }

    @Test
    void anXmlFileNamedOnTheCommandLineIsLeftToLogback() {
        System.setProperty("logback.configurationFile", "/etc/jheartbeat/logback.xml");
        try {
            assertThat(new StandardErrorLogConfigurator(name -> false).configure(context))
                    .isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        } finally {
            System.clearProperty("logback.configurationFile");
        }
    }

    @Test
    void logbackFindsItAsAService() {
        assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type))
                .contains(StandardErrorLogConfigurator.class);
    }

    private ExecutionStatus configuredWithoutXml() {
        StandardErrorLogConfigurator configurator = new StandardErrorLogConfigurator(name -> false);
        configurator.setContext(context);
        return configurator.configure(context);
    }
}
