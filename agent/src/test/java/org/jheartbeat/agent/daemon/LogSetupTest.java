package org.jheartbeat.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jheartbeat.agent.config.Logging;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** ha.cf's logging directives applied to the real Logback: files written, a syslog datagram received. */
class LogSetupTest {

    @TempDir
    Path dir;

    @AfterEach
    void restoreLogging() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ch.qos.logback.classic.util.ContextInitializer(context).autoConfig();
    }

    @Test
    void logfileGetsInfoAndDebugfileGetsEverything() throws Exception {
        Path logfile = dir.resolve("ha-log");
        Path debugfile = dir.resolve("ha-debug");
        new LogSetup("localhost", 9).apply(new Logging(Optional.empty(), Optional.of(logfile), Optional.of(debugfile),
                false, 0));
        Logger log = LoggerFactory.getLogger("org.jheartbeat.agent.cluster.ClusterNode");
        log.info("node beta dead");
        log.debug("epoch 7 decided");
        assertThat(Files.readString(logfile)).contains("INFO: ClusterNode: node beta dead").doesNotContain("epoch 7");
        assertThat(Files.readString(debugfile)).contains("node beta dead").contains("DEBUG: ClusterNode: epoch 7");
        assertThat(Files.readString(logfile)).matches("(?s)\\d{4}/\\d\\d/\\d\\d_\\d\\d:\\d\\d:\\d\\d\\.\\d{3} "
                + "jheartbeat\\[\\d+\\]: INFO: .*");
    }

    @Test
    void syslogReceivesTheConfiguredFacility() throws Exception {
        try (DatagramSocket syslog = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            syslog.setSoTimeout(5000);
            new LogSetup("127.0.0.1", syslog.getLocalPort()).apply(new Logging(Optional.of("local0"),
                    Optional.empty(), Optional.empty(), false, 0));
            LoggerFactory.getLogger("org.jheartbeat.agent.group.GroupManager").info("group g started");
            DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
            syslog.receive(packet);
            String line = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            // local0 is facility 16, info severity 6: priority 16 * 8 + 6
            assertThat(line).startsWith("<134>").contains("jheartbeat[").contains("INFO: GroupManager: group g started");
        }
    }
}
