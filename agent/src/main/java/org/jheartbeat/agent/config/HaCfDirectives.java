package org.jheartbeat.agent.config;

import java.util.Map;

/**
 * The heartbeat v1 directives jheartbeat does not honour, each with the reason an operator reads: ignored ones
 * load with a warning, refused ones stop the agent with what to do instead.
 */
final class HaCfDirectives {

    private HaCfDirectives() {
    }

    /** heartbeat directives with nothing to do in jheartbeat: accepted so old files load, with the reason. */
    static final Map<String, String> IGNORED = Map.ofEntries(
            Map.entry("apiauth", "every local user may query through the control socket, only root may change the cluster"),
            Map.entry("autojoin", "only the nodes named by node directives are members"),
            Map.entry("baud", "serial links are not supported"),
            Map.entry("cluster", "the cluster is identified by its authkeys secret and port"),
            Map.entry("compression", "cluster messages are small and never compressed"),
            Map.entry("compression_threshold", "cluster messages are small and never compressed"),
            Map.entry("conn_logd_time", "logd is not used"),
            Map.entry("coredumps", "the JVM writes its own crash reports"),
            Map.entry("coreroot", "the JVM writes its own crash reports"),
            Map.entry("crm_daemon_dir", "Pacemaker is not used"),
            Map.entry("crmd_spawns_pengine", "Pacemaker is not used"),
            Map.entry("enable_config_writes", "Pacemaker is not used"),
            Map.entry("env", "resources run with a clean environment"),
            Map.entry("failfast", "it has no meaning outside heartbeat's own process model"),
            Map.entry("hbaping", "heartbeat never supported it"),
            Map.entry("hbgenmethod", "replay protection does not depend on a generation file"),
            Map.entry("hopfudge", "serial links are not supported"),
            Map.entry("log_badpack", "rejected packets are always logged, rate-limited"),
            Map.entry("max_rexmit_delay", "retransmission is paced by the transport"),
            Map.entry("memreserve", "the JVM's memory is sized by the launcher"),
            Map.entry("msgfmt", "the wire format is jheartbeat's own"),
            Map.entry("quorum_server", "quorum servers are not supported"),
            Map.entry("record_config_changes", "Pacemaker is not used"),
            Map.entry("record_pengine_inputs", "Pacemaker is not used"),
            Map.entry("syslogmsgfmt", "log lines have one fixed format"),
            Map.entry("traditional_compression", "cluster messages are small and never compressed"),
            Map.entry("use_apphbd", "apphbd is not used"),
            Map.entry("uuidfrom", "nodes are identified by name"));

    /** Directives heartbeat knows that jheartbeat refuses, because ignoring them would change safety. */
    static final Map<String, String> REFUSED = Map.of(
            "serial", "serial links are not supported: use bcast, mcast or ucast on a second interface instead",
            "stonith", "STONITH devices are not driven by jheartbeat: remove it and set jheartbeat.fencing in "
                    + "jheartbeat.conf",
            "stonith_host", "STONITH devices are not driven by jheartbeat: remove it and set jheartbeat.fencing in "
                    + "jheartbeat.conf");
}
