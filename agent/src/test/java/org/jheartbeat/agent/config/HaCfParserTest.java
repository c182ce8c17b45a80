package org.jheartbeat.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HaCfParserTest {

    private static final String BASE = "bcast eth0\nnode alpha beta\nauto_failback on\n";

    @TempDir
    Path dir;

    private Problems problems;

    private HaCf parse(String text) throws IOException {
        Path file = dir.resolve("ha.cf");
        Files.writeString(file, text);
        problems = new Problems();
        return HaCfParser.parse(file, problems);
    }

    private List<String> errors() {
        return problems.list().stream().filter(ConfigProblem::isError).map(ConfigProblem::toString).toList();
    }

    private List<String> warnings() {
        return problems.list().stream().filter(p -> !p.isError()).map(ConfigProblem::toString).toList();
    }

    @Test
    void appliesHeartbeatDefaults() throws IOException {
        HaCf haCf = parse(BASE);

        assertThat(errors()).isEmpty();
        assertThat(haCf.timing()).isEqualTo(new Timing(Duration.ofSeconds(1), Duration.ofSeconds(15),
                Duration.ofSeconds(30), Duration.ofSeconds(30)));
        assertThat(haCf.udpPort()).isEqualTo(694);
        assertThat(haCf.realtime()).isTrue();
        assertThat(haCf.logging().facility()).contains("daemon");
    }

    @Test
    void readsTimingsInSecondsAndMilliseconds() throws IOException {
        HaCf haCf = parse(BASE + "keepalive 200ms\nwarntime 500ms\ndeadtime 1\ninitdead 10\n");

        assertThat(errors()).isEmpty();
        assertThat(haCf.timing()).isEqualTo(new Timing(Duration.ofMillis(200), Duration.ofMillis(500),
                Duration.ofSeconds(1), Duration.ofSeconds(10)));
    }

    @Test
    void derivesInitdeadAsHeartbeatDoes() {
        assertThat(HaCfParser.defaultInitdead(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        assertThat(HaCfParser.defaultInitdead(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(20));
        assertThat(HaCfParser.defaultInitdead(Duration.ofSeconds(6))).isEqualTo(Duration.ofSeconds(12));
        assertThat(HaCfParser.defaultInitdead(Duration.ofMillis(1000))).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void readsEveryMediumKind() throws IOException {
        HaCf haCf = parse("""
                udpport 700
                bcast eth0 eth1
                mcast eth2 239.192.0.42 694 1 0
                ucast eth3 10.0.0.7
                ucast6 eth3 fe80::5054:ff:fe29:3949
                mcast6 eth2 ff12::1:2:3:4 694 1 0
                node alpha beta
                auto_failback off
                """);

        assertThat(errors()).isEmpty();
        assertThat(haCf.media()).extracting(Medium::device)
                .containsExactly("eth0", "eth1", "eth2", "eth3", "eth3", "eth2");
        assertThat(haCf.media()).extracting(Medium::directive)
                .containsExactly("bcast", "bcast", "mcast", "ucast", "ucast6", "mcast6");
        assertThat(haCf.media().get(0)).isEqualTo(new Medium.Broadcast("eth0", 700, new SourceLocation(dir.resolve("ha.cf"), 2)));
        assertThat(haCf.media().get(2)).isEqualTo(new Medium.Multicast("eth2", "239.192.0.42", 694, 1, false,
                new SourceLocation(dir.resolve("ha.cf"), 3)));
        assertThat(((Medium.Unicast) haCf.media().get(3)).port()).isEqualTo(700);
    }

    @Test
    void udpportAfterTheMediaKeepsTheDefaultPortAsHeartbeatDoes() throws IOException {
        HaCf haCf = parse(BASE + "udpport 700\n");

        assertThat(((Medium.Broadcast) haCf.media().get(0)).port()).isEqualTo(694);
        assertThat(warnings()).anySatisfy(w -> assertThat(w).endsWith("ha.cf:4: warning: udpport comes after the "
                + "medium on line 1, which keeps port 694 as in heartbeat; move udpport above the media"));
    }

    @Test
    void lowerCasesNodeNamesAndAcceptsCommasAndRepeatedLines() throws IOException {
        HaCf haCf = parse("bcast eth0\nnode MASTER,SLAVE\nnode third\nauto_failback on\n");

        assertThat(haCf.nodes()).containsExactly("master", "slave", "third");
    }

    @Test
    void commentsStartAnywhere() throws IOException {
        HaCf haCf = parse("keepalive 2 # two seconds\n   # indented comment\n" + BASE);

        assertThat(errors()).isEmpty();
        assertThat(haCf.timing().keepalive()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void autoFailbackWordsAndLegacyWarning() throws IOException {
        assertThat(parse("bcast eth0\nnode a\nauto_failback yes\n").autoFailback()).isEqualTo(AutoFailback.ON);
        assertThat(parse("bcast eth0\nnode a\nauto_failback 0\n").autoFailback()).isEqualTo(AutoFailback.OFF);
        assertThat(parse("bcast eth0\nnode a\nauto_failback LEGACY\n").autoFailback()).isEqualTo(AutoFailback.LEGACY);
        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("ha.cf:3: warning: auto_failback legacy"));
        assertThat(parse("bcast eth0\nnode a\n").autoFailback()).isEqualTo(AutoFailback.LEGACY);
        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("auto_failback is not set and defaults to legacy"));
        parse("bcast eth0\nnode a\nauto_failback sometimes\n");
        assertThat(errors()).containsExactly(dir.resolve("ha.cf") + ":3: auto_failback 'sometimes' must be on, off or legacy");
    }

    @Test
    void niceFailbackAloneIsReadAsHeartbeatReadsIt_autoFailbackLegacy() throws IOException {
        assertThat(parse("bcast eth0\nnode a\nnice_failback on\n").autoFailback()).isEqualTo(AutoFailback.LEGACY);
        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("ha.cf:3: warning: nice_failback is obsolete; "
                + "heartbeat reads it as auto_failback legacy"));
        assertThat(parse("bcast eth0\nnode a\nnice_failback off\n").autoFailback()).isEqualTo(AutoFailback.LEGACY);
    }

    @Test
    void niceFailbackAfterAutoFailbackOnOrOffIsOffAndALaterAutoFailbackWins() throws IOException {
        assertThat(parse("bcast eth0\nnode a\nauto_failback on\nnice_failback on\n").autoFailback())
                .isEqualTo(AutoFailback.OFF);
        assertThat(parse("bcast eth0\nnode a\nauto_failback legacy\nnice_failback on\n").autoFailback())
                .isEqualTo(AutoFailback.LEGACY);
        assertThat(parse("bcast eth0\nnode a\nnice_failback on\nauto_failback on\n").autoFailback())
                .isEqualTo(AutoFailback.ON);
    }

    @Test
    void pingNodesAndGroups() throws IOException {
        HaCf haCf = parse(BASE + "ping 10.0.0.254 10.0.1.254\nping_group routers 10.0.0.1 10.0.0.2\n");

        assertThat(errors()).isEmpty();
        assertThat(haCf.pingTargets()).extracting(PingTarget::name).containsExactly("10.0.0.254", "10.0.1.254", "routers");
        assertThat(haCf.pingTargets().get(2).addresses()).containsExactly("10.0.0.1", "10.0.0.2");
    }

    @Test
    void respawnIsKeptButIpfailIsBuiltIn() throws IOException {
        HaCf haCf = parse(BASE + "respawn hacluster /usr/lib/heartbeat/ipfail\nrespawn root /usr/bin/monitor -v\n");

        assertThat(haCf.respawns()).containsExactly(new Respawn("root", List.of("/usr/bin/monitor", "-v"),
                new SourceLocation(dir.resolve("ha.cf"), 5)));
        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("ha.cf:4: warning: ipfail is not started"));
        assertThat(haCf.ipfail()).as("ping loss moves groups").isTrue();
        assertThat(parse(BASE + "ping 10.0.0.254\n").ipfail()).as("without ipfail ping is reported only").isFalse();
    }

    @Test
    void loggingDirectives() throws IOException {
        HaCf haCf = parse(BASE + "logfacility local7\nlogfile /var/log/ha.log\ndebugfile /var/log/ha-debug\ndebug 2\n");

        assertThat(haCf.logging()).isEqualTo(new Logging(java.util.Optional.of("local7"),
                java.util.Optional.of(Path.of("/var/log/ha.log")), java.util.Optional.of(Path.of("/var/log/ha-debug")),
                false, 2));
        assertThat(parse(BASE + "logfacility none\n").logging().facility()).isEmpty();
    }

    @Test
    void realtimeAndRtprio() throws IOException {
        HaCf haCf = parse(BASE + "realtime off\nrtprio 5\n");

        assertThat(haCf.realtime()).isFalse();
        assertThat(haCf.rtprio()).hasValue(5);
    }

    @Test
    void crmOffIsFineButPacemakerModeIsRefused() throws IOException {
        parse(BASE + "crm off\n");
        assertThat(errors()).isEmpty();
        parse(BASE + "crm respawn\n");
        assertThat(errors()).containsExactly(dir.resolve("ha.cf") + ":4: crm respawn: jheartbeat implements "
                + "heartbeat's haresources mode, not Pacemaker; remove the line or write crm off");
        parse(BASE + "pacemaker on\n");
        assertThat(errors()).hasSize(1);
    }

    @Test
    void ignoredDirectivesWarnWithTheReason() throws IOException {
        parse(BASE + "compression bz2\nuse_logd yes\n");

        assertThat(errors()).isEmpty();
        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("ha.cf:4: warning: compression is ignored: "));
        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("ha.cf:5: warning: use_logd:"));
    }

    @Test
    void watchdogNamesTheDeviceToFeed() throws IOException {
        assertThat(parse(BASE + "watchdog /dev/watchdog\n").watchdog()).contains(Path.of("/dev/watchdog"));
        assertThat(parse(BASE).watchdog()).isEmpty();
        assertThat(warnings()).noneSatisfy(w -> assertThat(w).contains("watchdog"));
    }

    @Test
    void refusedDirectivesSayWhatToDoInstead() throws IOException {
        parse(BASE + "serial /dev/ttyS0\nstonith_host * baytech 10.0.0.3 mylogin mysecretpassword\n");

        assertThat(errors()).containsExactly(
                dir.resolve("ha.cf") + ":4: serial: serial links are not supported: use bcast, mcast or ucast on a "
                        + "second interface instead",
                dir.resolve("ha.cf") + ":5: stonith_host: STONITH devices are not driven by jheartbeat: remove it "
                        + "and set jheartbeat.fencing in jheartbeat.conf");
    }

    @Test
    void udpIsTheOldNameOfBcast() throws IOException {
        HaCf haCf = parse("udp eth0\nnode a\nauto_failback on\n");

        assertThat(haCf.media()).hasSize(1);
        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("udp is the old name of bcast"));
    }

    @Test
    void unknownDirectiveIsAnErrorWithAHintForCase() throws IOException {
        parse(BASE + "keepalives 2\nKeepalive 2\n");

        assertThat(errors()).containsExactly(
                dir.resolve("ha.cf") + ":4: unknown directive 'keepalives' (did you mean 'keepalive'?)",
                dir.resolve("ha.cf") + ":5: unknown directive 'Keepalive' (directives are lower case: 'keepalive')");
    }

    @Test
    void repeatedSettingWarnsAndTheLastWins() throws IOException {
        HaCf haCf = parse(BASE + "keepalive 1\nkeepalive 2\n");

        assertThat(haCf.timing().keepalive()).isEqualTo(Duration.ofSeconds(2));
        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("ha.cf:5: warning: keepalive is set again; "
                + "this replaces the value of line 4"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"keepalive", "deadtime", "warntime", "initdead", "deadping"})
    void badTimesNameTheDirective(String directive) throws IOException {
        parse(BASE + directive + " 10m\n");

        assertThat(errors()).first().asString().isEqualTo(dir.resolve("ha.cf") + ":4: " + directive
                + " '10m' is not a time: write seconds (2, 1.5) or milliseconds (500ms)");
    }

    @Test
    void singleValueDirectivesRefuseTwoValues() throws IOException {
        parse(BASE + "keepalive 1 2\n");

        assertThat(errors()).containsExactly(dir.resolve("ha.cf") + ":4: keepalive takes one value, found 2: 1 2");
    }

    @Test
    void mediaArgumentsAreChecked() throws IOException {
        parse("""
                mcast eth0 10.0.0.1 694 1 0
                mcast eth0 239.0.0.1 694 0 0
                mcast eth0 239.0.0.1 99999 1 2
                mcast eth0 239.0.0.1
                ucast eth1
                ucast eth1 300.1.1.1
                bcast eth0/1
                node a
                auto_failback on
                """);

        assertThat(errors()).extracting(e -> e.substring(e.indexOf("ha.cf:") + 6)).containsExactly(
                "1: mcast group '10.0.0.1' is not an IPv4 multicast address (224.0.0.0-239.255.255.255)",
                "2: mcast ttl '0' must be 1-255 (1 keeps it on the subnet)",
                "3: mcast port '99999' is not a port number (1-65535)",
                "3: mcast loop '2' must be 0 or 1",
                "4: mcast takes 5 values: mcast DEVICE GROUP PORT TTL LOOP, e.g. mcast eth0 239.192.0.42 694 1 0",
                "5: ucast takes 2 values: ucast DEVICE PEER, e.g. ucast eth1 10.0.0.7",
                "6: ucast peer '300.1.1.1' is not an IPv4 address or host name",
                "7: 'eth0/1' is not a network interface name");
    }

    @Test
    void requiresAMediumAndNodes() throws IOException {
        parse("keepalive 1\n");

        assertThat(errors()).containsExactly(
                dir.resolve("ha.cf") + ": no communication medium: add bcast, mcast or ucast (e.g. bcast eth0)",
                dir.resolve("ha.cf") + ": no nodes: add a node line naming every cluster node (uname -n of each)");
    }

    @Test
    void deadtimeMustExceedTwoKeepalives() throws IOException {
        parse(BASE + "keepalive 2\ndeadtime 4\n");

        assertThat(errors()).containsExactly(dir.resolve("ha.cf") + ":5: deadtime 4s is too small compared to "
                + "keepalive 2s: it must exceed two keepalives (four or more is safer)");
    }

    @Test
    void initdeadRelations() throws IOException {
        parse(BASE + "deadtime 10\ninitdead 5\n");
        assertThat(errors()).containsExactly(dir.resolve("ha.cf") + ":5: initdead 5s is smaller than deadtime 10s: "
                + "make it at least deadtime");

        parse(BASE + "keepalive 100ms\ndeadtime 500ms\ninitdead 2\n");
        assertThat(errors()).isEmpty();
        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("ha.cf:6: warning: initdead 2s may be too small"));
    }

    @Test
    void warntimeRelations() throws IOException {
        parse(BASE + "deadtime 10\nwarntime 10\n");
        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("ha.cf:5: warning: warntime 10s is not below "
                + "deadtime 10s"));

        parse(BASE + "keepalive 2\ndeadtime 10\nwarntime 2\n");
        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("ha.cf:6: warning: warntime 2s is not above "
                + "keepalive 2s"));
    }

    @Test
    void pathsMustBeAbsolute() throws IOException {
        parse(BASE + "logfile ha.log\nrespawn root monitor\n");

        assertThat(errors()).containsExactly(dir.resolve("ha.cf") + ":4: logfile 'ha.log' must be an absolute path",
                dir.resolve("ha.cf") + ":5: respawn program 'monitor' must be an absolute path");
    }

    @Test
    void aLineWithANulCharacterIsReportedAndSkipped() throws IOException {
        HaCf haCf = parse(BASE + "keepalive 2\u0000\n");

        assertThat(errors()).containsExactly(dir.resolve("ha.cf") + ":4: line holds a NUL character: is this a text file?");
        assertThat(haCf.timing().keepalive()).isEqualTo(HaCfParser.DEFAULT_KEEPALIVE);
    }

    @Test
    void unreadableFileIsOneError() {
        problems = new Problems();
        assertThat(HaCfParser.parse(dir.resolve("missing"), problems)).isNull();
        assertThat(errors()).containsExactly(dir.resolve("missing") + ": cannot read ha.cf: no such file");
    }
}
