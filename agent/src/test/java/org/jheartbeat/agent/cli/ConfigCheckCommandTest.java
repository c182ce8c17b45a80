package org.jheartbeat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code hbctl config check} on the sample configuration shipped in etc/, as an operator runs it. */
class ConfigCheckCommandTest {

    private static final Path SAMPLES = Path.of("../etc/ha.d");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();

    @BeforeEach
    void copySamples() throws IOException {
        for (String name : List.of("ha.cf", "haresources", "authkeys")) {
            Files.copy(SAMPLES.resolve(name), dir.resolve(name));
        }
        Files.setPosixFilePermissions(dir.resolve("authkeys"), PosixFilePermissions.fromString("rw-------"));
        // heartbeat's own scripts for three of the four types, as a heartbeat installation has them.
        Files.createDirectory(dir.resolve("resource.d"));
        for (String name : List.of("IPaddr", "drbddisk", "Filesystem")) {
            installResourceScript(name);
        }
    }

    private void installResourceScript(String name) throws IOException {
        Files.writeString(dir.resolve("resource.d").resolve(name), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(dir.resolve("resource.d").resolve(name), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private int hbctl(String... args) {
        CommandLine commandLine = Hbctl.commandLine();
        commandLine.setOut(new PrintWriter(out));
        return commandLine.execute(args);
    }

    private String output() {
        return out.toString().replace(dir + "/", "").replace(dir.toString(), "DIR");
    }

    @Test
    void summarisesAValidConfigurationAndExitsZero() throws IOException {
        installResourceScript("nfs-kernel-server");
        int exit = hbctl("config", "check", "--config-dir", dir.toString(), "--node", "MASTER",
                "--settings", "../etc/jheartbeat/jheartbeat.conf");

        assertThat(output()).isEqualTo("""
                configuration in DIR is valid for node master
                  nodes     master (this node), slave
                  media     bcast eth0 port 694
                  timing    keepalive 2s, warntime 5s, deadtime 10s, initdead 20s
                  failback  auto_failback on
                  auth      auth 1 (sha1)
                  settings  ../etc/jheartbeat/jheartbeat.conf
                  beyond heartbeat, not turned on (jheartbeat.conf):
                    time limits: none for IPaddr, drbddisk, Filesystem, nfs-kernel-server (as under heartbeat);
                      operations.by-type.IPaddr { start = 5m, stop = 10m } sets one
                    checks while running: none for IPaddr, drbddisk, Filesystem, nfs-kernel-server (as under heartbeat);
                      monitor.scripts = [IPaddr, drbddisk, Filesystem, nfs-kernel-server] checks those whose status is exact
                    fencing: a stop that fails on a resource still running reboots the node (as under heartbeat);
                      fencing.method = halt, poweroff, or command with fencing.command (a STONITH client)
                  groups (started in this order, stopped in reverse):
                    IPaddr::192.168.0.174/24/eth0  preferred node master  (haresources:4)
                      1. IPaddr::192.168.0.174/24/eth0        resource.d/IPaddr
                      2. drbddisk::r0                         resource.d/drbddisk
                      3. Filesystem::/dev/drbd0::/data::ext3  resource.d/Filesystem
                      4. nfs-kernel-server                    resource.d/nfs-kernel-server
                """);
        assertThat(exit).isZero();
    }

    @Test
    void pingNodesWithoutIpfailAreReportedOnlyAndTheCheckSaysHowToLetThemMoveGroups() throws IOException {
        installResourceScript("nfs-kernel-server");
        Path haCf = dir.resolve("ha.cf");
        Files.writeString(haCf, Files.readString(haCf) + "ping 192.168.0.1\n");

        hbctl("config", "check", "--config-dir", dir.toString(), "--node", "MASTER");
        assertThat(output()).contains("""
                    ping nodes: watched and reported, they move no group (as under heartbeat without ipfail);
                      respawn hacluster /usr/lib/heartbeat/ipfail in ha.cf makes the node reaching fewer yield
                """);

        out.getBuffer().setLength(0);
        Files.writeString(haCf, Files.readString(haCf) + "respawn hacluster /usr/lib/heartbeat/ipfail\n");
        hbctl("config", "check", "--config-dir", dir.toString(), "--node", "MASTER");
        assertThat(output()).doesNotContain("ping nodes:");
    }

    @Test
    void aResourceWhoseTypeIsNotFoundHereIsAWarningItsGroupFailsHereAsUnderHeartbeat() {
        int exit = hbctl("config", "check", "--config-dir", dir.toString(), "--node", "MASTER",
                "--settings", "../etc/jheartbeat/jheartbeat.conf");

        assertThat(output()).contains("""
                configuration in DIR is valid for node master
                """).contains("""
                      4. nfs-kernel-server                    not found on this node
                """).contains("  haresources:4: warning: resource nfs-kernel-server: type nfs-kernel-server: cannot"
                + " be resolved: no plugin type of that name; resource.d/nfs-kernel-server does not exist; "
                + "/etc/init.d/nfs-kernel-server does not exist; its group fails on this node until it is installed\n")
                .doesNotContain("error");
        assertThat(exit).isZero();
    }

    @Test
    void listsEveryErrorAsFileLineMessageAndExitsOne() throws IOException {
        Files.writeString(dir.resolve("haresources"), "server1 IPaddr::192.168.0.174/24/eth0 drbddisk::r0\n");
        Files.writeString(dir.resolve("ha.cf"), Files.readString(dir.resolve("ha.cf")) + "deadtime 3\n");

        int exit = hbctl("config", "check", "--config-dir", dir.toString(), "--node", "master",
                "--settings", dir.resolve("absent.conf").toString());

        assertThat(output()).isEqualTo("""
                ha.cf:12: deadtime 3s is too small compared to keepalive 2s: it must exceed two keepalives (four or more is safer)
                haresources:1: preferred node 'server1' is not a node of ha.cf (master, slave): the first word of a haresources line must be one of them, as uname -n prints it
                ha.cf: warning: warntime 1500ms is not above keepalive 2s, so every heartbeat counts as late
                ha.cf:12: warning: deadtime is set again; this replaces the value of line 7
                2 errors: jheartbeat would refuse to start with this configuration
                """);
        assertThat(exit).isEqualTo(1);
    }

    @Test
    void errorsOfEveryFileAndEveryResourceComeInOneRun() throws IOException {
        Files.writeString(dir.resolve("ha.cf"), Files.readString(dir.resolve("ha.cf")) + "deadtime 3\n");
        Files.writeString(dir.resolve("haresources"), "master 192.168.0.174 drbddisk::r0 NoSuchType::x\n");
        Path settings = Files.writeString(dir.resolve("jheartbeat.conf"), "jheartbeat { no-such-setting = 1 }\n");

        int exit = hbctl("config", "check", "--config-dir", dir.toString(), "--node", "master",
                "--settings", settings.toString());

        assertThat(output()).contains("ha.cf:12: deadtime 3s is too small", "jheartbeat.conf:1: ",
                "no-such-setting", "haresources:1: warning: resource NoSuchType::x: type NoSuchType: cannot be resolved");
        assertThat(exit).isEqualTo(1);
    }

    @Test
    void wrongUsageExitsTwo() {
        CommandLine commandLine = Hbctl.commandLine();
        commandLine.setErr(new PrintWriter(new StringWriter()));
        assertThat(commandLine.execute("config", "check", "--no-such-option")).isEqualTo(2);
    }
}
