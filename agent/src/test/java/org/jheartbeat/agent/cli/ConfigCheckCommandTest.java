package org.jheartbeat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jheartbeat.agent.membership.InterfaceAddress;
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
        // The documented steps: a secret of the site's own, readable by root only.
        Files.writeString(dir.resolve("authkeys"), Files.readString(dir.resolve("authkeys"))
                .replace("CHANGE-ME-to-a-long-random-secret", "a-long-random-secret-of-this-site"));
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

    /** This node as the tests see it: eth0 with the sample's master address, whatever the build machine has. */
    private NodeFacts node = node(Map.of("lo", List.of(address("127.0.0.1")), "eth0",
            List.of(address("192.168.0.172"))));

    /** A node with these interfaces and addresses, each a primary /24, as both Java and the kernel list them. */
    private static NodeFacts node(Map<String, List<InetAddress>> interfaces) {
        return new NodeFacts(interfaces, device -> {
            if (!interfaces.containsKey(device)) {
                throw new IOException("interface " + device + ": Device \"" + device + "\" does not exist.");
            }
            return interfaces.get(device).stream()
                    .map(address -> new InterfaceAddress(address, 24, false, Optional.empty())).toList();
        });
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private int hbctl(String... args) {
        CommandLine commandLine = Hbctl.commandLine("", new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == ConfigCheckCommand.class ? type.cast(new ConfigCheckCommand(node))
                        : CommandLine.defaultFactory().create(type);
            }
        });
        commandLine.setOut(new PrintWriter(out));
        return commandLine.execute(args);
    }

    /** {@code hbctl config check} as node master on this machine (nodeinfo), so its interfaces count. */
    private int checkAsThisMachine() throws IOException {
        Files.writeString(dir.resolve("nodeinfo"), "master\n");
        return hbctl("config", "check", "--config-dir", dir.toString());
    }

    /** Without the summary's link lines (LinkPlanTest checks their form, e2e's ClusterNetworkTest a node's). */
    private String output() {
        return out.toString().replace(dir + "/", "").replace(dir.toString(), "DIR").replaceAll("(?m)^  link .*\n", "");
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
        assertThat(exit).as("warnings only").isEqualTo(4);
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
    void factsOfThisNodeAreWarningsAndExitFour() throws IOException {
        installResourceScript("nfs-kernel-server");
        Files.copy(SAMPLES.resolve("authkeys"), dir.resolve("authkeys"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(dir.resolve("authkeys"), PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("ha.cf"), Files.readString(dir.resolve("ha.cf"))
                + "bcast eth0\nucast eth0 192.168.0.172\n");

        int exit = checkAsThisMachine();

        assertThat(output()).contains(
                "ha.cf:12: warning: bcast eth0 port 694 is listed twice",
                "authkeys:4: warning: key 1 is the sample's placeholder");
        assertThat(exit).isEqualTo(4);
    }

    /** The agent's own refusal: "cannot build the cluster links: interface eth7: ..." (NodeAgent). */
    @Test
    void aMediumOnAnInterfaceThisNodeLacksIsAnErrorAsTheAgentRefusesToStart() throws IOException {
        installResourceScript("nfs-kernel-server");
        Files.writeString(dir.resolve("ha.cf"), Files.readString(dir.resolve("ha.cf")) + "bcast eth7\n");

        int exit = checkAsThisMachine();

        assertThat(output()).contains("ha.cf:12: the agent would refuse to start ('cannot build the cluster links'): "
                + "link eth7 (bcast): cannot bind: interface eth7: Device \"eth7\" does not exist.");
        assertThat(output()).as("eth0's link binds").doesNotContain("link eth0");
        assertThat(exit).isEqualTo(1);
    }

    /** eth0 holds only the group's virtual address, which moves between nodes: a link never binds it. */
    @Test
    void anInterfaceWithNoAddressOfTheNodesOwnIsAnError() throws IOException {
        installResourceScript("nfs-kernel-server");
        node = node(Map.of("lo", List.of(address("127.0.0.1")), "eth0", List.of(address("192.168.0.174"))));

        int exit = checkAsThisMachine();

        assertThat(output()).contains("ha.cf:8: the agent would refuse to start ('cannot build the cluster links'): "
                + "link eth0 (bcast): cannot bind: interface eth0 has no IPv4 address of this node's own to bind the "
                + "link to (addresses: 192.168.0.174/24; managed by haresources: [192.168.0.174])");
        assertThat(exit).isEqualTo(1);
    }

    /** On this machine's own loopback, which every machine has with 127.0.0.1. */
    @Test
    void aSecondMediumOnTheAddressAndPortOfAnotherIsLeftOutWithAWarning() throws IOException {
        installResourceScript("nfs-kernel-server");
        Files.writeString(dir.resolve("ha.cf"), Files.readString(dir.resolve("ha.cf"))
                .replace("bcast eth0", "bcast lo\nucast lo 127.0.0.2"));
        int exit = checkAsThisMachine();

        assertThat(output()).contains("warning: link lo/ucast: left out: 127.0.0.1:694 is bound by lo/bcast already,"
                + " and one socket cannot serve two links; lo/bcast carries the cluster on lo (heartbeat runs both:"
                + " give this medium another interface or port)");
        assertThat(exit).isEqualTo(4);
    }

    @Test
    void respawnProgramsAndUsersThisNodeLacksAndDopdAreWarnings() throws IOException {
        installResourceScript("nfs-kernel-server");
        Files.writeString(dir.resolve("ha.cf"), Files.readString(dir.resolve("ha.cf"))
                + "respawn hacluster-nobody-here /bin/sh\n"
                + "respawn root /usr/lib/jheartbeat-test/no-such-program\n"
                + "respawn hacluster /usr/lib/heartbeat/dopd\n");

        int exit = checkAsThisMachine();

        assertThat(output()).contains(
                "ha.cf:12: warning: respawn user hacluster-nobody-here does not exist here: runuser refuses to start",
                "ha.cf:13: warning: respawn program /usr/lib/jheartbeat-test/no-such-program is not an executable "
                        + "file here",
                "ha.cf:14: warning: dopd is not started: it signs on to heartbeat's client API");
        assertThat(output()).as("a program and user that exist are no finding").doesNotContain("/bin/sh is not")
                .doesNotContain("user root");
        assertThat(exit).isEqualTo(4);
    }

    @Test
    void noMediumUsableFromThisNodeIsAnError() throws IOException {
        installResourceScript("nfs-kernel-server");
        node = node(Map.of("lo", List.of(address("127.0.0.1")), "ens3", List.of(address("10.0.0.1"))));

        int exit = checkAsThisMachine();

        assertThat(output()).contains("link eth0 (bcast): cannot bind: interface eth0: Device \"eth0\" does not exist.",
                "no medium of ha.cf can carry heartbeats from this node");
        assertThat(exit).isEqualTo(1);
    }

    @Test
    void jsonListsEveryProblemWithItsPlaceAndTheExitCode() throws Exception {
        Files.writeString(dir.resolve("ha.cf"), Files.readString(dir.resolve("ha.cf")) + "deadtime 3\n");

        int exit = hbctl("config", "check", "--json", "--config-dir", dir.toString(), "--node", "MASTER",
                "--settings", dir.resolve("absent.conf").toString());

        Map<String, Object> report = JSON.std.mapFrom(out.toString());
        assertThat(exit).isEqualTo(1);
        assertThat(report).containsEntry("exitCode", 1).containsEntry("errors", 1);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> problems = (List<Map<String, Object>>) report.get("problems");
        assertThat(problems.get(0)).containsEntry("severity", "error").containsEntry("file",
                dir.resolve("ha.cf").toString()).containsEntry("line", 12);
        assertThat((String) problems.get(0).get("message")).startsWith("deadtime 3s is too small");
        assertThat(problems).anySatisfy(problem -> assertThat(problem).containsEntry("severity", "warning")
                .containsEntry("file", dir.resolve("haresources").toString()));
    }

    @Test
    void anotherNodesViewIsNotComparedWithThisMachine() throws IOException {
        installResourceScript("nfs-kernel-server");
        node = node(Map.of("lo", List.of(address("127.0.0.1"))));

        int exit = hbctl("config", "check", "--config-dir", dir.toString(), "--node", "MASTER");

        assertThat(output()).doesNotContain("no interface").doesNotContain("warning");
        assertThat(exit).isZero();
    }

    @Test
    void misspeltDirectivesAndSettingsGetTheirClosestName() throws IOException {
        Files.writeString(dir.resolve("ha.cf"), Files.readString(dir.resolve("ha.cf")) + "deadtim 10\nAuto_Failbak on\n");
        Path settings = Files.writeString(dir.resolve("jheartbeat.conf"), "jheartbeat { monitr.enabled = false }\n");

        hbctl("config", "check", "--config-dir", dir.toString(), "--node", "master", "--settings", settings.toString());

        assertThat(output()).contains("ha.cf:12: unknown directive 'deadtim' (did you mean 'deadtime'?)",
                "ha.cf:13: unknown directive 'Auto_Failbak' (did you mean 'auto_failback'?)",
                "jheartbeat.conf:1: unknown setting jheartbeat.monitr.enabled (did you mean 'jheartbeat.monitor.enabled'?)");
    }

    @Test
    void wrongUsageExitsTwo() {
        CommandLine commandLine = Hbctl.commandLine();
        commandLine.setErr(new PrintWriter(new StringWriter()));
        assertThat(commandLine.execute("config", "check", "--no-such-option")).isEqualTo(2);
    }
}
