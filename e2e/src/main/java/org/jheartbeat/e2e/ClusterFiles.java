package org.jheartbeat.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.jheartbeat.e2e.ClusterSetup.Service;

/**
 * Writes one node's configuration as an administrator would: ha.cf, haresources and authkeys (the same on every
 * node; heartbeat and jheartbeat read the same ha.cf), and for jheartbeat the settings file pointing the resources
 * at this node's paths and the fencing command at the simulated power switch.
 *
 * @param setup      what the cluster runs
 * @param run        the run's directory (shared configuration: Ganesha, drbd.conf, scripts)
 * @param device     the shared disk's block device, or null when the group uses none
 * @param dataDir    where the group mounts it (the same path on every node, each in its own mount namespace)
 * @param drbd       the DRBD stand-in, or null when the group has no drbddisk
 */
record ClusterFiles(ClusterSetup setup, Path run, Path device, Path dataDir, DrbdStandInPair drbd) {

    static final String IQN = "iqn.2026-11.org.jheartbeat:e2e.disk0";
    static final String SECRET = "e2e-shared-secret";

    Path ganeshaConfig() {
        return run.resolve("ganesha.conf");
    }

    Path drbdConfig() {
        return run.resolve("drbd.conf");
    }

    Path powerOffScript() {
        return run.resolve("power-off.sh");
    }

    /** heartbeat reads /etc/ha.d (bind-mounted from here); jheartbeat is told with --config-dir. */
    static Path configDir(Path nodeDir) {
        return nodeDir.resolve("ha.d");
    }

    static Path settings(Path nodeDir) {
        return nodeDir.resolve("jheartbeat.conf");
    }

    /** The stand-in's name for a cluster node: A for the first, B for the second. */
    String drbdNode(String node) {
        return setup.nodeNames().indexOf(node) == 0 ? "A" : "B";
    }

    void writeShared() throws IOException {
        Resources.copyExecutable("power-off.sh", run);
        Files.writeString(ganeshaConfig(), """
                # NFSv4 only (no rpcbind), recovery state and export on the shared filesystem, a short grace period.
                NFS_CORE_PARAM { Protocols = 4; NFS_Port = 2049; Enable_NLM = false; Enable_RQUOTA = false; Enable_UDP = false; }
                NFSV4 { RecoveryBackend = fs; RecoveryRoot = %1$s/nfs-state; Grace_Period = 5; Lease_Lifetime = 5; }
                NFS_KRB5 { Active_krb5 = false; }
                EXPORT_DEFAULTS { SecType = sys; }
                EXPORT { Export_Id = 1; Path = %1$s/export; Pseudo = /export; Access_Type = RW; Squash = No_Root_Squash;
                         Protocols = 4; Transports = TCP; FSAL { Name = VFS; } }
                LOG { Default_Log_Level = EVENT; }
                """.formatted(dataDir));
        if (drbd != null) {
            writeDrbdConfig();
        }
    }

    private void writeDrbdConfig() throws IOException {
        StringBuilder drbdConf = new StringBuilder("""
                # The seed's r0 for the stand-in (DRBD 8.4 syntax, as etc/drbd.d/r0.res): a short degr-wfc-timeout
                # keeps the scenarios short; the handler asks for the seed's halt of an Inconsistent disk alone.
                resource r0 {
                  protocol C;
                  startup { degr-wfc-timeout 3; }
                  handlers { pri-on-incon-degr "halt -f"; }
                """);
        for (int index = 0; index < setup.nodeCount(); index++) {
            drbdConf.append("  on ").append(setup.nodeNames().get(index)).append(" { device /dev/drbd0; disk ")
                    .append(device).append("; address ").append(setup.nodeAddress(index))
                    .append(":7789; meta-disk internal; }\n");
        }
        Files.writeString(drbdConfig(), drbdConf.append("}\n"));
    }

    /** @param agent what the node runs: heartbeat needs its own /etc/ha.d beside the files, jheartbeat its settings */
    void writeNode(String node, Path nodeDir, String secret, Agent agent) throws IOException {
        Path configDir = configDir(nodeDir);
        if (agent == Agent.HEARTBEAT) {
            copyHostHeartbeatDirectory(configDir);
            Resources.copyExecutable("ganesha-heartbeat", configDir.resolve("resource.d"));
        }
        Files.createDirectories(configDir);
        Files.writeString(configDir.resolve("ha.cf"), haCf(nodeDir));
        Files.writeString(configDir.resolve("haresources"), haresources(nodeDir));
        Path authkeys = configDir.resolve("authkeys");
        Files.writeString(authkeys, "auth 1\n1 sha1 " + secret + "\n");
        Files.setPosixFilePermissions(authkeys, PosixFilePermissions.fromString("rw-------"));
        if (agent == Agent.JHEARTBEAT) {
            Files.writeString(settings(nodeDir), settingsFile(node, nodeDir));
        }
    }

    private String haCf(Path nodeDir) {
        StringBuilder haCf = new StringBuilder("# written by the e2e harness; heartbeat and jheartbeat read the same lines\n");
        // heartbeat's log is its logfile; jheartbeat's goes there too, and to standard error, which the harness keeps.
        haCf.append("logfile ").append(nodeDir.resolve("ha-log")).append("\nuse_logd no\n");
        haCf.append("keepalive ").append(setup.keepalive()).append('\n')
                .append("deadtime ").append(setup.deadtime()).append('\n')
                .append("warntime ").append(setup.warntime()).append('\n')
                .append("initdead ").append(setup.initdead()).append('\n')
                .append("udpport ").append(ClusterSetup.UDP_PORT).append('\n');
        switch (setup.media()) {
            case UCAST -> {
                for (int index = 0; index < setup.nodeCount(); index++) {
                    haCf.append("ucast eth0 ").append(setup.nodeAddress(index)).append('\n');
                }
            }
            case BCAST -> haCf.append("bcast eth0\n");
            case MCAST -> haCf.append("mcast eth0 ").append(ClusterSetup.MULTICAST_GROUP).append(' ')
                    .append(ClusterSetup.UDP_PORT).append(" 1 0\n");
        }
        setup.nodeNames().forEach(name -> haCf.append("node ").append(name).append('\n'));
        return haCf.append("auto_failback ").append(setup.autoFailback() ? "on" : "off").append("\ncrm off\n").toString();
    }

    /**
     * One line per group, each naming its preferred node first. The first group is the seed's, left to right:
     * address, DRBD, filesystem, NFS server, iSCSI target; the others (scale runs) are an address each.
     */
    String haresources(Path nodeDir) {
        StringBuilder lines = new StringBuilder(seedGroup(nodeDir)).append('\n');
        for (int index = 1; index < setup.groupCount(); index++) {
            lines.append(setup.preferredNode(index)).append(" IPaddr::").append(setup.vip(index)).append("/24/eth0\n");
        }
        return lines.toString();
    }

    private String seedGroup(Path nodeDir) {
        List<String> group = new ArrayList<>(List.of(setup.preferredNode(0), "IPaddr::" + setup.vip(0) + "/24/eth0"));
        if (setup.runs(Service.DRBD)) {
            group.add("drbddisk::r0");
        }
        if (setup.runs(Service.FILESYSTEM)) {
            group.add("Filesystem::" + device + "::" + dataDir + "::ext3");
        }
        if (setup.runs(Service.NFS)) {
            group.add(setup.agent() == Agent.JHEARTBEAT ? "nfs-ganesha::" + ganeshaConfig()
                    : "ganesha-heartbeat::" + ganeshaConfig() + "::" + nodeDir.resolve("ganesha.log"));
        }
        if (setup.runs(Service.ISCSI)) {
            group.add("iSCSITarget::" + IQN + "::" + dataDir.resolve("lun0.img"));
        }
        return String.join(" ", group);
    }

    private String settingsFile(String node, Path nodeDir) {
        String fence = List.of(powerOffScript().toString(), nodeDir.toString(),
                        drbd == null ? "-" : drbd.script().toString(), drbdNode(node)).stream()
                .map(ClusterFiles::quoted).collect(Collectors.joining(", "));
        StringBuilder settings = new StringBuilder("""
                # written by the e2e harness for node %s
                jheartbeat {
                  control-socket = "/run/jheartbeat/control.sock"
                  transport.generation-file = %s
                  operations { start = 30s, stop = 6s, status = 10s, stop-retries = 1, stop-retry-delay = 500ms, overrun-grace = 2s }
                  monitor { interval = 2s }
                  fencing { method = command, command = [%s], command-timeout = 10s }
                  resources {
                    nfs.ganesha { config = %s, log-file = %s }
                    iscsi { backend = tgt }
                """.formatted(node, quoted(nodeDir.resolve("hb_generation").toString()), fence,
                quoted(ganeshaConfig().toString()), quoted(nodeDir.resolve("ganesha.log").toString())));
        if (drbd != null) {
            settings.append("    drbd { drbdadm = ").append(quoted(drbd.drbdadm(drbdNode(node)).toString()))
                    .append(", proc-drbd = ").append(quoted(drbd.procDrbd(drbdNode(node)).toString()))
                    .append(", config = ").append(quoted(drbdConfig().toString())).append(" }\n");
        }
        return settings.append("  }\n}\n").toString();
    }

    private static String quoted(String value) {
        return '"' + value + '"';
    }

    /** heartbeat wants its whole /etc/ha.d (resource.d, shellfuncs); the harness overwrites the three files. */
    private static void copyHostHeartbeatDirectory(Path configDir) throws IOException {
        Process copy = new ProcessBuilder("cp", "-a", "/etc/ha.d", configDir.toString()).inheritIO().start();
        try {
            if (copy.waitFor() != 0) {
                throw new IOException("cannot copy /etc/ha.d to " + configDir + " (is heartbeat installed?)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while copying /etc/ha.d", e);
        }
    }
}
