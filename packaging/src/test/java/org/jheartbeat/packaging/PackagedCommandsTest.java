package org.jheartbeat.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jheartbeat.resource.CommandResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package's files, unpacked as dpkg would but into a temporary root, run: the launchers find their
 * libraries through the /usr/sbin links, hbctl accepts the packaged example, the completion loads in bash.
 */
class PackagedCommandsTest {

    @TempDir
    static Path scratch;
    private static Path root;

    @BeforeAll
    static void unpack() {
        root = BuiltPackage.extractTo(scratch.resolve("root"));
    }

    @Test
    void hbctlAcceptsThePackagedExampleAsNodeMaster() throws IOException {
        Path haD = scratch.resolve("ha.d");
        Files.createDirectories(haD);
        Path examples = root.resolve("usr/share/doc/jheartbeat/examples/ha.d");
        for (String file : new String[] {"ha.cf", "haresources", "authkeys"}) {
            Files.copy(examples.resolve(file), haD.resolve(file));
        }
        // The documented step: authkeys must be readable by root only.
        Files.setPosixFilePermissions(haD.resolve("authkeys"), PosixFilePermissions.fromString("rw-------"));

        CommandResult check = BuiltPackage.run(root.resolve("usr/sbin/hbctl").toString(), "config", "check",
                "--config-dir", haD.toString(), "--node", "MASTER",
                "--settings", root.resolve("etc/jheartbeat/jheartbeat.conf").toString());

        System.out.println(check.stdout());
        // 4: the agent would start; the one warning is the sample's placeholder secret.
        assertThat(check.exitCode()).as(check.describe() + "\n" + check.stdout()).isEqualTo(4);
        assertThat(check.stdout()).contains("IPaddr::192.168.0.174/24/eth0", "drbddisk::r0",
                "warning: key 1 is the sample's placeholder");
    }

    @Test
    void agentLauncherRunsTheDaemonMain() {
        CommandResult version = BuiltPackage.run(root.resolve("usr/sbin/jheartbeat").toString(), "--version");

        assertThat(version.exitCode()).as(version.describe()).isZero();
        assertThat(version.stdout()).startsWith("jheartbeat ");
    }

    /**
     * The agent's class-data sharing archive, made as postinst makes it from the class list the package ships, is
     * one the agent's JVM maps (-Xshare:on refuses to start otherwise); a corrupt one only goes unused.
     */
    @Test
    void agentArchiveMadeFromTheShippedClassListIsMappedAndACorruptOneIgnored() throws IOException {
        Path bin = root.resolve("usr/share/jheartbeat/bin");
        Path archive = root.resolve("usr/share/jheartbeat/lib/agent.jsa");
        try {
            CommandResult made = BuiltPackage.run("sh", "-c", "bin=$1 && . \"$bin/java-client\" && make_agent_archive",
                    "sh", bin.toString());
            assertThat(made.exitCode()).as(made.describe() + "\n" + made.stdout()).isZero();
            assertThat(archive).isNotEmptyFile();
            CommandResult mapped = BuiltPackage.run(Map.of("JHEARTBEAT_JAVA_OPTS", "-Xshare:on"),
                    root.resolve("usr/sbin/jheartbeat").toString(), "--version");
            assertThat(mapped.exitCode()).as(mapped.describe() + "\n" + mapped.stdout()).isZero();

            Files.delete(archive);
            Files.writeString(archive, "no archive\n");
            CommandResult corrupt = BuiltPackage.run(root.resolve("usr/sbin/jheartbeat").toString(), "--version");
            assertThat(corrupt.exitCode()).as(corrupt.describe()).isZero();
            assertThat(corrupt.stdout()).startsWith("jheartbeat ");
        } finally {
            Files.deleteIfExists(archive);
        }
    }

    /**
     * The launcher gives the JVM IPv4 sockets only, unless the ha.cf it would read has an IPv6 medium; a java that
     * prints its arguments shows what the launcher asked for.
     */
    @Test
    void agentLauncherKeepsIpv6SocketsOnlyForAHaCfWithAnIpv6Medium() throws IOException {
        Path javaHome = printingJava();
        Path ipv4 = Files.createDirectories(scratch.resolve("ipv4"));
        Files.writeString(ipv4.resolve("ha.cf"), "# ucast6 eth0 fd00::2 (a comment)\nbcast eth0\nnode a b\n");
        Path ipv6 = Files.createDirectories(scratch.resolve("ipv6"));
        Files.writeString(ipv6.resolve("ha.cf"), "bcast eth0\n  ucast6 eth1 fd00::2\nnode a b\n");
        String launcher = root.resolve("usr/sbin/jheartbeat").toString();
        Map<String, String> printing = Map.of("JAVA_HOME", javaHome.toString());

        assertThat(BuiltPackage.run(printing, launcher, "--config-dir", ipv4.toString()).stdout())
                .contains("-Djava.net.preferIPv4Stack=true\n");
        assertThat(BuiltPackage.run(printing, launcher, "--config-dir=" + ipv6).stdout())
                .contains("-Djava.net.preferIPv4Stack=false\n").doesNotContain("preferIPv4Stack=true");
        assertThat(BuiltPackage.run(printing, launcher, "--node", "a", "--config-dir", ipv6.toString()).stdout())
                .contains("-Djava.net.preferIPv4Stack=false\n", "--node\na\n--config-dir\n" + ipv6 + "\n");
    }

    /**
     * The unit's ExecStop turns a stop into a restart in place only inside systemd's restart job. This machine runs no
     * systemd, so a stand-in systemctl prints the job list as {@code systemctl list-jobs --no-legend} prints it.
     */
    @Test
    void theUnitsStopAsksForARestartInPlaceOnlyDuringARestartJob() throws IOException {
        Map<String, Boolean> restartByJobs = Map.of(
                "    61 heartbeat.service restart running\n", true,
                "    62 jheartbeat.service restart running\n", true,
                "    63 heartbeat.service stop    running\n", false,
                "    64 drbd.service      restart running\n    65 heartbeat.service stop running\n", false,
                "", false);
        for (Map.Entry<String, Boolean> jobs : restartByJobs.entrySet()) {
            Path fake = Files.createTempDirectory(scratch, "systemctl");
            Path run = Files.createDirectories(fake.resolve("run"));
            Files.writeString(fake.resolve("systemctl"), "#!/bin/sh\n[ \"$1\" = list-jobs ] && printf '"
                    + jobs.getKey() + "'\n");
            Files.setPosixFilePermissions(fake.resolve("systemctl"), PosixFilePermissions.fromString("rwxr-xr-x"));

            CommandResult check = BuiltPackage.run(Map.of("PATH", fake + ":" + System.getenv("PATH")),
                    root.resolve("usr/share/jheartbeat/bin/jheartbeat-restart-check").toString(), run.toString());

            assertThat(check.exitCode()).as(check.describe()).isZero();
            assertThat(Files.exists(run.resolve("restart-requested"))).as("restart requested for jobs:%n%s",
                    jobs.getKey()).isEqualTo(jobs.getValue());
        }
    }

    /**
     * The agent's guard, the pipe from the agent ending without a last word (the agent died): it tells the peers it
     * releases (the last "words" line the agent wrote), deletes the addresses of the last "addresses" line (a
     * reload's, not those it was started with), runs {@code jheartbeat --release} with its process id announced beside
     * the lock, and tells the peers the groups are released only when the release says every group stopped; told
     * "stopped" it does nothing. {@code ip}, {@code jheartbeat} and {@code jheartbeat-tell-peers} are stand-ins that
     * record their calls.
     */
    @Test
    void theGuardReleasesTheAddressesOfTheAgentsLastReloadAndTellsThePeers() throws IOException {
        Path bin = Files.createDirectories(scratch.resolve("guard/bin"));
        Files.copy(root.resolve("usr/share/jheartbeat/bin/jheartbeat-guard"), bin.resolve("jheartbeat-guard"));
        Path calls = bin.resolve("calls");
        Path run = Files.createDirectories(scratch.resolve("guard/run"));
        executable(bin.resolve("jheartbeat"), "echo \"jheartbeat $* (announced: $(cat '" + run + "/releasing'))\" >>'"
                + calls + "'\nexit ${RELEASE_EXIT:-0}\n");
        executable(bin.resolve("jheartbeat-tell-peers"), "echo \"tell-peers $1 $(cat)\" >>'" + calls + "'\n");
        executable(bin.resolve("ip"), """
                if [ "$1" = -o ]; then
                    echo '2: eth0    inet 10.0.0.5/24 brd 10.0.0.255 scope global secondary eth0'
                    echo '2: eth0    inet 10.0.0.9/24 brd 10.0.0.255 scope global secondary eth0'
                else
                    echo "ip $*" >>'%s'
                fi
                """.formatted(calls));
        String guard = bin.resolve("jheartbeat-guard") + " " + run + " 10.0.0.5 --node alpha";
        String lines = "printf 'words first\\naddresses 10.0.0.5\\naddresses 10.0.0.9\\nwords last\\n'";

        CommandResult stopped = BuiltPackage.run(Map.of("PATH", bin + ":" + System.getenv("PATH")), "sh", "-c",
                "printf 'addresses 10.0.0.9\\nwords w\\nstopped\\n' | " + guard);
        assertThat(stopped.exitCode()).as(stopped.describe()).isZero();
        assertThat(calls).as("nothing released after 'stopped'").doesNotExist();

        CommandResult died = BuiltPackage.run(Map.of("PATH", bin + ":" + System.getenv("PATH")), "sh", "-c",
                lines + " | " + guard);
        assertThat(died.exitCode()).as(died.describe()).isZero();
        List<String> released = Files.readAllLines(calls);
        assertThat(released).hasSize(4);
        assertThat(released.subList(0, 3)).as("the releasing words go in the background").anySatisfy(line ->
                assertThat(line).matches("jheartbeat --release --node alpha \\(announced: [0-9]+\\)"))
                .contains("ip addr del 10.0.0.9/24 dev eth0", "tell-peers releasing last");
        assertThat(released.get(3)).isEqualTo("tell-peers released last");
        assertThat(run.resolve("releasing")).as("taken back once done").doesNotExist();

        Files.delete(calls);
        CommandResult blocked = BuiltPackage.run(Map.of("PATH", bin + ":" + System.getenv("PATH"), "RELEASE_EXIT",
                "1"), "sh", "-c", lines + " | " + guard);
        assertThat(blocked.exitCode()).as(blocked.describe()).isEqualTo(1);
        assertThat(Files.readAllLines(calls)).as("a release that left a group running: the peers wait out its bound")
                .noneMatch(line -> line.startsWith("tell-peers released"));
        assertThat(blocked.stderr()).contains("the release did not stop every group (exit 1)");
    }

    /**
     * The guard's sender: each copy of the phase's words goes from the link's own address and port (which the peers
     * check against the seal) to every target, byte for byte; the other phase's stay unsent.
     */
    @Test
    void theGuardsWordsLeaveFromTheLinksOwnAddressAndPort() throws Exception {
        try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             DatagramSocket link = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            peer.setSoTimeout(10_000);
            int source = link.getLocalPort();
            link.close(); // the agent is gone: its port is free
            String target = "127.0.0.1/" + peer.getLocalPort();
            String words = "releasing 127.0.0.1 " + source + " - " + target + " 0a0b,0c0d;released 127.0.0.1 " + source
                    + " - " + target + " 0e0f";

            CommandResult told = BuiltPackage.run(Map.of(), "sh", "-c", "printf '%s\\n' '" + words + "' | "
                    + root.resolve("usr/share/jheartbeat/bin/jheartbeat-tell-peers") + " releasing");

            assertThat(told.exitCode()).as(told.describe()).isZero();
            for (String expected : List.of("0a0b", "0c0d")) {
                DatagramPacket packet = new DatagramPacket(new byte[64], 64);
                peer.receive(packet);
                assertThat(HexFormat.of().formatHex(packet.getData(), 0, packet.getLength())).isEqualTo(expected);
                assertThat(packet.getPort()).isEqualTo(source);
            }
            peer.setSoTimeout(300);
            assertThatThrownBy(() -> peer.receive(new DatagramPacket(new byte[64], 64))).as("no released word")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    private static void executable(Path file, String script) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The JVM options of /etc/default/jheartbeat come after the launcher's, so they win; JNA is Debian's. */
    @Test
    void agentLauncherAddsTheSitesJvmOptionsLastAndTakesJnaFromDebian() throws IOException {
        Path javaHome = printingJava();
        CommandResult run = BuiltPackage.run(Map.of("JAVA_HOME", javaHome.toString(),
                "JHEARTBEAT_JAVA_OPTS", "-Xmx96m -Dsite.option=1"), root.resolve("usr/sbin/jheartbeat").toString());
        List<String> argv = run.stdout().lines().toList();

        assertThat(argv).containsSubsequence("-Xmx48m", "-Xmx96m", "-Dsite.option=1",
                "org.jheartbeat.agent.daemon.Daemon");
        assertThat(argv.get(argv.indexOf("-cp") + 1)).endsWith("/lib/*:/usr/share/java/jna.jar");
        assertThat(argv).as("JNA never unpacks a native library of its own").contains("-Djna.nounpack=true");
    }

    @Test
    void serviceAndInitScriptAsHeartbeatsWithTheSitesJvmOptions() throws IOException {
        String unit = Files.readString(root.resolve("lib/systemd/system/heartbeat.service"));
        assertThat(unit.lines()).contains("EnvironmentFile=-/etc/default/jheartbeat", "TasksMax=infinity")
                .anySatisfy(line -> assertThat(line).startsWith("After=").contains("time-sync.target"));
        String init = Files.readString(root.resolve("etc/init.d/heartbeat"));
        assertThat(init.lines()).anySatisfy(line -> assertThat(line).matches("# Provides: +heartbeat( .*)?"))
                .anySatisfy(line -> assertThat(line).matches("# Required-Start: .*\\$time.*"))
                .anySatisfy(line -> assertThat(line.strip()).isEqualTo(". /etc/default/jheartbeat"));
        assertThat(Files.readString(root.resolve("etc/default/jheartbeat"))).contains("#JHEARTBEAT_JAVA_OPTS=");
    }

    @Test
    void bashCompletionOffersHbctlsSubcommandsAndOptions() {
        Path completions = root.resolve("usr/share/bash-completion/completions");

        assertThat(completed(completions.resolve("hbctl"), "hbctl", "")).contains("status", "standby", "takeover",
                "resource", "metrics", "config");
        assertThat(completed(completions.resolve("hbctl"), "hbctl", "config", "check", "--")).contains("--config-dir",
                "--node", "--settings");
        assertThat(completed(completions.resolve("cl_status"), "cl_status", "list")).contains("listnodes",
                "listhblinks");
        assertThat(completed(completions.resolve("hb_takeover"), "hb_takeover", "")).contains("all", "foreign",
                "local", "failback");
    }

    /** A JAVA_HOME whose java prints its arguments, one a line: what a launcher asked the JVM for. */
    private static Path printingJava() throws IOException {
        Path javaHome = scratch.resolve("printing-java");
        Path java = Files.createDirectories(javaHome.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return javaHome;
    }

    /** What bash's completion function for the command, sourced from the file, offers for the last word typed. */
    private static String completed(Path file, String... typed) {
        String run = "compopt() { :; }; . \"$1\" && shift && function=$(complete -p \"$1\" | sed -E 's/.* -F ([^ ]+) .*/\\1/')"
                + " && COMP_WORDS=(\"$@\") && COMP_CWORD=$(( $# - 1 ))"
                + " && \"$function\" \"$1\" \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\""
                + " && printf '%s\\n' \"${COMPREPLY[@]}\"";
        String[] command = new String[typed.length + 5];
        command[0] = "bash";
        command[1] = "-c";
        command[2] = run;
        command[3] = "bash";
        command[4] = file.toString();
        System.arraycopy(typed, 0, command, 5, typed.length);
        CommandResult completion = BuiltPackage.run(command);
        assertThat(completion.exitCode()).as(completion.describe()).isZero();
        return completion.stdout();
    }
}
