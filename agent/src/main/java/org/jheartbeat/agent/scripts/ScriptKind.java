package org.jheartbeat.agent.scripts;

/** The conventions a resource script can follow, in the order heartbeat searches the first two. */
enum ScriptKind {
    /** {@code /etc/ha.d/resource.d/NAME ARG... start|stop|status}, status read from its output. */
    RESOURCE_D,
    /** {@code /etc/init.d/NAME start|stop|status}, read by LSB exit codes. */
    INIT_D,
    /** {@code ocf:PROVIDER:AGENT}, parameters in {@code OCF_RESKEY_*}, read by OCF exit codes. */
    OCF
}
