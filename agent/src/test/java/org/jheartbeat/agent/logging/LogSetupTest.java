package org.jheartbeat.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jheartbeat.agent.config.Logging;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * ha.cf's logging directives applied to the real Logback: files written and kept across rotation, syslog datagrams
 * and journal entries received on Unix sockets bound as syslogd and journald bind theirs.
 */
class LogSetupTest {

    private static final Logger GROUP_MANAGER = LoggerFactory.getLogger("org.jheartbeat.agent.group.GroupManager");
    private final PrintStream realStandardError = System.err;
    private final ByteArrayOutputStream standardError = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    @BeforeEach
    void captureStandardError() {
        System.setErr(new PrintStream(standardError, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreLogging() throws Exception {
        System.setErr(realStandardError);
        MDC.clear();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ch.qos.logback.classic.util.ContextInitializer(context).autoConfig();
    }

    @Test
    void logfileGetsInfoAndDebugfileGetsEverything() throws Exception {
        Path logfile = dir.resolve("ha-log");
        Path debugfile = dir.resolve("ha-debug");
        withoutJournal().apply(logging(Optional.empty(), Optional.of(logfile), Optional.of(debugfile)), "alpha");
        Logger log = LoggerFactory.getLogger("org.jheartbeat.agent.cluster.ClusterNode");
        log.info("node beta dead");
        log.debug("epoch 7 decided");
        assertThat(Files.readString(logfile)).contains("INFO: ClusterNode: node beta dead").doesNotContain("epoch 7");
        assertThat(Files.readString(debugfile)).contains("node beta dead").contains("DEBUG: ClusterNode: epoch 7");
        assertThat(Files.readString(logfile)).matches("(?s)\\d{4}/\\d\\d/\\d\\d_\\d\\d:\\d\\d:\\d\\d\\.\\d{3} "
                + "jheartbeat\\[\\d+\\]: INFO: .*");
    }

    @Test
    void logfileMovedByLogrotateIsOpenedAgainAtItsPath() throws Exception {
        Path logfile = dir.resolve("ha-log");
        Path debugfile = dir.resolve("ha-debug");
        withoutJournal().apply(logging(Optional.empty(), Optional.of(logfile), Optional.of(debugfile)), "alpha");
        GROUP_MANAGER.info("before rotation");
        Files.move(logfile, dir.resolve("ha-log.1"));
        Files.delete(debugfile);
        GROUP_MANAGER.info("after rotation");

        assertThat(Files.readString(dir.resolve("ha-log.1"))).contains("before rotation")
                .doesNotContain("after rotation");
        assertThat(Files.readString(logfile)).contains("after rotation").doesNotContain("before rotation");
        assertThat(Files.readString(debugfile)).contains("after rotation");
    }

    @Test
    void heartbeatsWordsAreWrittenInHeartbeatsLineFormat() throws Exception {
        Path logfile = dir.resolve("ha-log");
        withoutJournal().apply(logging(Optional.empty(), Optional.of(logfile), Optional.empty()), "alpha");
        HeartbeatLog.nodeDead("beta", true);
        HeartbeatLog.takingOver("IPaddr::10.79.0.100/24/eth0");
        HeartbeatLog.running(HeartbeatLog.command("IPaddr", List.of("10.79.0.100/24/eth0"), false), "start");
        HeartbeatLog.running(HeartbeatLog.command("nfs-kernel-server", List.of(), true), "stop");
        String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        String pid = "\\[" + ProcessHandle.current().pid() + "\\]";
        // As heartbeat 3.0.6 wrote them (test-support's heartbeat-3.0.6/logfile.txt).
        assertThat(Files.readAllLines(logfile)).satisfiesExactly(
                line -> assertThat(line).matches("[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d:\\d\\d " + host
                        + " heartbeat: " + pid + ": WARN: node beta: is dead"),
                line -> assertThat(line).endsWith(" heartbeat: [" + ProcessHandle.current().pid()
                        + "]: WARN: No STONITH device configured."),
                line -> assertThat(line).endsWith("]: WARN: Shared disks are not protected."),
                line -> assertThat(line).endsWith("]: info: Resources being acquired from beta."),
                line -> assertThat(line).matches("\\d{4}/\\d\\d/\\d\\d_\\d\\d:\\d\\d:\\d\\d  mach_down\\(default\\)"
                        + pid + ":    info: Taking over resource group IPaddr::10\\.79\\.0\\.100/24/eth0"),
                line -> assertThat(line).endsWith("  ResourceManager(default)[" + ProcessHandle.current().pid()
                        + "]:    info: Running /etc/ha.d/resource.d/IPaddr 10.79.0.100/24/eth0 start"),
                line -> assertThat(line).endsWith("]:    info: Running /etc/init.d/nfs-kernel-server  stop"));
    }

    @Test
    void syslogReceivesTheConfiguredFacilityOnItsUnixSocket() {
        Path devLog = dir.resolve("log");
        try (UnixDatagramReceiver syslog = new UnixDatagramReceiver(devLog)) {
            new LogSetup(devLog, Optional.empty(), System.err)
                    .apply(logging(Optional.of("local0"), Optional.empty(), Optional.empty()), "alpha");
            GROUP_MANAGER.info("group g started");

            List<byte[]> datagrams = syslog.queued();
            assertThat(datagrams).hasSize(1);
            // local0 is facility 16, info severity 6: priority 16 * 8 + 6
            assertThat(new String(datagrams.get(0), StandardCharsets.UTF_8)).startsWith("<134>jheartbeat[")
                    .contains("INFO: GroupManager: group g started");
        }
    }

    @Test
    void withoutASyslogDaemonTheOtherDestinationsStillGetEveryLine() throws Exception {
        Path logfile = dir.resolve("ha-log");
        withoutJournal().apply(logging(Optional.of("daemon"), Optional.of(logfile), Optional.empty()), "alpha");
        GROUP_MANAGER.warn("first line");
        GROUP_MANAGER.warn("second line");

        assertThat(Files.readString(logfile)).contains("WARN: GroupManager: first line")
                .contains("WARN: GroupManager: second line");
    }

    @Test
    void underTheJournalEachEventIsOneEntryWithItsPriorityAndFieldsAndNothingGoesElsewhere() {
        Path devLog = dir.resolve("log");
        Path journalSocket = dir.resolve("journal");
        try (UnixDatagramReceiver syslog = new UnixDatagramReceiver(devLog);
             UnixDatagramReceiver journal = new UnixDatagramReceiver(journalSocket)) {
            new LogSetup(devLog, Optional.of(journalSocket), System.err)
                    .apply(logging(Optional.of("local0"), Optional.empty(), Optional.empty()), "alpha");
            MDC.put("group", "IPaddr::10.0.0.10");
            MDC.put("resource", "drbddisk::r0");
            GROUP_MANAGER.info("group started");
            MDC.clear();
            GROUP_MANAGER.error("stop failed", new IllegalStateException("umount: target is busy"));

            List<Map<String, String>> entries = journal.queued().stream().map(LogSetupTest::nativeFields).toList();
            assertThat(entries).hasSize(2);
            assertThat(entries.get(0)).containsEntry("MESSAGE", "INFO: GroupManager: group started")
                    .containsEntry("PRIORITY", "6").containsEntry("SYSLOG_FACILITY", "16")
                    .containsEntry("SYSLOG_IDENTIFIER", "jheartbeat").containsEntry("JHEARTBEAT_NODE", "alpha")
                    .containsEntry("JHEARTBEAT_GROUP", "IPaddr::10.0.0.10")
                    .containsEntry("JHEARTBEAT_RESOURCE", "drbddisk::r0");
            assertThat(entries.get(1)).containsEntry("PRIORITY", "3").doesNotContainKey("JHEARTBEAT_GROUP");
            assertThat(entries.get(1).get("MESSAGE")).startsWith("ERROR: GroupManager: stop failed\n")
                    .contains("IllegalStateException: umount: target is busy");
            assertThat(syslog.queued()).as("datagrams on /dev/log while the journal takes every line").isEmpty();
            assertThat(standardError.toString(StandardCharsets.UTF_8)).isEmpty();
        }
    }

    @Test
    void heartbeatsWordsReachSyslogAndTheJournalUnderHeartbeatsProgramNames() throws Exception {
        long pid = ProcessHandle.current().pid();
        Path devLog = dir.resolve("log");
        try (UnixDatagramReceiver syslog = new UnixDatagramReceiver(devLog)) {
            new LogSetup(devLog, Optional.empty(), System.err)
                    .apply(logging(Optional.of("local0"), Optional.empty(), Optional.empty()), "alpha");
            HeartbeatLog.linkDead("beta", "eth0");
            HeartbeatLog.acquiringGroup("alpha IPaddr::10.0.0.10");
            assertThat(syslog.queued()).extracting(datagram -> new String(datagram, StandardCharsets.UTF_8))
                    .containsExactly("<134>heartbeat: [" + pid + "]: info: Link beta:eth0 dead.",
                            "<134>ResourceManager(default)[" + pid + "]: info: Acquiring resource group: alpha "
                                    + "IPaddr::10.0.0.10");
        }
        restoreLogging();
        Path journalSocket = dir.resolve("journal");
        try (UnixDatagramReceiver journal = new UnixDatagramReceiver(journalSocket)) {
            new LogSetup(devLog, Optional.of(journalSocket), System.err)
                    .apply(logging(Optional.of("local0"), Optional.empty(), Optional.empty()), "alpha");
            HeartbeatLog.nodeDead("beta", false);
            HeartbeatLog.takingOver("IPaddr::10.0.0.10");
            List<Map<String, String>> entries = journal.queued().stream().map(LogSetupTest::nativeFields).toList();
            assertThat(entries.get(0)).containsEntry("SYSLOG_IDENTIFIER", "heartbeat")
                    .containsEntry("MESSAGE", "[" + pid + "]: WARN: node beta: is dead").containsEntry("PRIORITY", "4")
                    .doesNotContainKey("SYSLOG_PID");
            assertThat(entries.get(2)).containsEntry("SYSLOG_IDENTIFIER", "mach_down(default)")
                    .containsEntry("SYSLOG_PID", Long.toString(pid))
                    .containsEntry("MESSAGE", "info: Taking over resource group IPaddr::10.0.0.10");
        }
    }

    @Test
    void aJournalThatTakesNoEntryGetsTheLineOnStandardErrorWithItsPriority() {
        new LogSetup(dir.resolve("log"), Optional.of(dir.resolve("no-journal")), System.err)
                .apply(logging(Optional.of("daemon"), Optional.empty(), Optional.empty()), "alpha");
        GROUP_MANAGER.warn("link eth1 dead");

        assertThat(standardError.toString(StandardCharsets.UTF_8)).isEqualTo("<4>WARN: GroupManager: link eth1 dead\n");
    }

    @Test
    void logfacilityNoneSendsNothingToSyslogNorToTheJournal() throws Exception {
        Path devLog = dir.resolve("log");
        Path journalSocket = dir.resolve("journal");
        Path logfile = dir.resolve("ha-log");
        try (UnixDatagramReceiver syslog = new UnixDatagramReceiver(devLog);
             UnixDatagramReceiver journal = new UnixDatagramReceiver(journalSocket)) {
            new LogSetup(devLog, Optional.of(journalSocket), System.err)
                    .apply(logging(Optional.empty(), Optional.of(logfile), Optional.empty()), "alpha");
            GROUP_MANAGER.warn("under the journal");
            restoreLogging();
            new LogSetup(devLog, Optional.empty(), System.err)
                    .apply(logging(Optional.empty(), Optional.of(logfile), Optional.empty()), "alpha");
            GROUP_MANAGER.warn("beside a terminal");

            assertThat(journal.queued()).isEmpty();
            assertThat(syslog.queued()).isEmpty();
            assertThat(standardError.toString(StandardCharsets.UTF_8)).doesNotContain("under the journal");
            assertThat(Files.readString(logfile)).contains("under the journal").contains("beside a terminal");
        }
    }

    private LogSetup withoutJournal() {
        return new LogSetup(dir.resolve("no-syslog"), Optional.empty(), System.err);
    }

    private static Logging logging(Optional<String> facility, Optional<Path> logfile, Optional<Path> debugfile) {
        return new Logging(facility, logfile, debugfile, false, 0);
    }

    /** A datagram of journald's native protocol read as journald reads it (systemd's "Native Journal Protocol"). */
    private static Map<String, String> nativeFields(byte[] datagram) {
        Map<String, String> fields = new LinkedHashMap<>();
        ByteBuffer buffer = ByteBuffer.wrap(datagram).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            int start = buffer.position();
            int end = start;
            while (datagram[end] != '=' && datagram[end] != '\n') {
                end++;
            }
            String name = new String(datagram, start, end - start, StandardCharsets.US_ASCII);
            String value;
            if (datagram[end] == '=') {
                int newline = end + 1;
                while (datagram[newline] != '\n') {
                    newline++;
                }
                value = new String(datagram, end + 1, newline - end - 1, StandardCharsets.UTF_8);
                buffer.position(newline + 1);
            } else {
                buffer.position(end + 1);
                int length = (int) buffer.getLong();
                value = new String(datagram, buffer.position(), length, StandardCharsets.UTF_8);
                buffer.position(buffer.position() + length);
                assertThat(buffer.get()).as("newline after a binary field").isEqualTo((byte) '\n');
            }
            assertThat(fields.put(name, value)).as("field " + name + " repeated").isNull();
        }
        return fields;
    }
}
