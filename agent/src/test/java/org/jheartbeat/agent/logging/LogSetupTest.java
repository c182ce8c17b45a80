package org.jheartbeat.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
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
        new LogSetup(dir.resolve("no-syslog")).apply(new Logging(Optional.empty(), Optional.of(logfile), Optional.of(debugfile),
                false, 0));
        Logger log = LoggerFactory.getLogger("org.jheartbeat.agent.cluster.ClusterNode");
        log.info("node beta dead");
        log.debug("epoch 7 decided");
        assertThat(Files.readString(logfile)).contains("INFO: ClusterNode: node beta dead").doesNotContain("epoch 7");
        assertThat(Files.readString(debugfile)).contains("node beta dead").contains("DEBUG: ClusterNode: epoch 7");
        assertThat(Files.readString(logfile)).matches("(?s)\\d{4}/\\d\\d/\\d\\d_\\d\\d:\\d\\d:\\d\\d\\.\\d{3} "
                + "jheartbeat\\[\\d+\\]: INFO: .*");
    }

    /** A Unix datagram socket bound where the appender sends, as syslogd binds /dev/log. */
    interface SocketCalls extends Library {
        SocketCalls INSTANCE = Native.load("c", SocketCalls.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, Memory address, int length) throws LastErrorException;

        long recv(int fd, byte[] buffer, long length, int flags);

        int close(int fd);
    }

    @Test
    void syslogReceivesTheConfiguredFacilityOnItsUnixSocket() throws Exception {
        Path devLog = dir.resolve("log");
        int fd = SocketCalls.INSTANCE.socket(1, 2, 0);
        try {
            Memory address = DevLogAppender.unixAddress(devLog);
            SocketCalls.INSTANCE.bind(fd, address, (int) address.size());
            new LogSetup(devLog).apply(new Logging(Optional.of("local0"), Optional.empty(), Optional.empty(), false, 0));
            LoggerFactory.getLogger("org.jheartbeat.agent.group.GroupManager").info("group g started");
            byte[] buffer = new byte[2048];
            long received = -1;
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (received < 0 && System.nanoTime() < deadline) {
                received = SocketCalls.INSTANCE.recv(fd, buffer, buffer.length, 0x40);
                Thread.sleep(10);
            }
            String line = new String(buffer, 0, (int) Math.max(0, received), StandardCharsets.UTF_8);
            // local0 is facility 16, info severity 6: priority 16 * 8 + 6
            assertThat(line).startsWith("<134>jheartbeat[").contains("INFO: GroupManager: group g started");
        } finally {
            SocketCalls.INSTANCE.close(fd);
        }
    }

    @Test
    void withoutASyslogDaemonTheOtherDestinationsStillGetEveryLine() throws Exception {
        Path logfile = dir.resolve("ha-log");
        new LogSetup(dir.resolve("absent")).apply(new Logging(Optional.of("daemon"), Optional.of(logfile),
                Optional.empty(), false, 0));
        Logger log = LoggerFactory.getLogger("org.jheartbeat.agent.group.GroupManager");
        log.warn("first line");
        log.warn("second line");

        assertThat(Files.readString(logfile)).contains("WARN: GroupManager: first line")
                .contains("WARN: GroupManager: second line");
    }
}
