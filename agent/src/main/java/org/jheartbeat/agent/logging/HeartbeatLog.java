package org.jheartbeat.agent.logging;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lines heartbeat 3.0.6 writes for the events jheartbeat also has, in heartbeat's words, so that what
 * administrators and logcheck rules grep for keeps appearing (recorded: test-support's heartbeat-3.0.6/logfile.txt;
 * the table heartbeat line → jheartbeat line is docs/logging.md). Each is written next to jheartbeat's own line
 * for the event, by the program of heartbeat's that writes it: the daemon ({@code heartbeat}), its
 * {@code ResourceManager} and its {@code mach_down} script. {@link HeartbeatLineLayout} gives them heartbeat's
 * line format in the logfile and syslog.
 */
public final class HeartbeatLog {

    /** Loggers below this name speak heartbeat's words; the last part of the name is the program. */
    static final String PREFIX = "org.jheartbeat.heartbeat";
    /** heartbeat's daemon. */
    static final String DAEMON = "heartbeat";
    private static final Logger HEARTBEAT = LoggerFactory.getLogger(PREFIX);
    private static final Logger RESOURCE_MANAGER = LoggerFactory.getLogger(PREFIX + ".ResourceManager");
    private static final Logger MACH_DOWN = LoggerFactory.getLogger(PREFIX + ".mach_down");
    /** heartbeat's release, which its start-up lines name. */
    private static final String RELEASE = "3.0.6";

    private HeartbeatLog() {
    }

    // ---- start-up and shutdown of this node ----

    /** @param generation this start's generation, heartbeat's hb_generation */
    public static void starting(long generation) {
        HEARTBEAT.info("Configuration validated. Starting heartbeat {}", RELEASE);
        HEARTBEAT.info("heartbeat: version {}", RELEASE);
        HEARTBEAT.info("Heartbeat generation: {}", generation);
        HEARTBEAT.info("Local status now set to: 'up'");
    }

    /** This node has joined its peers. */
    public static void active() {
        HEARTBEAT.info("Comm_now_up(): updating status to active");
        HEARTBEAT.info("Local status now set to: 'active'");
    }

    public static void shuttingDown() {
        HEARTBEAT.info("Heartbeat shutdown in progress. ({})", ProcessHandle.current().pid());
        HEARTBEAT.info("Giving up all HA resources.");
    }

    public static void relinquished() {
        HEARTBEAT.info("All HA resources relinquished.");
    }

    /** A reload (heartbeat's SIGHUP) found the files saying what runs already. */
    public static void configurationUnchanged() {
        HEARTBEAT.info("Configuration unchanged.");
    }

    public static void shutDown(String self) {
        HEARTBEAT.info("{} Heartbeat shutdown complete.", self);
    }

    // ---- the other nodes and the links to them ----

    /** A peer joined. */
    public static void nodeActive(String node) {
        HEARTBEAT.info("Status update for node {}: status active", node);
    }

    /**
     * A peer is gone. heartbeat warns that nothing fences it when it held resources; one that held none had given
     * them up (its clean shutdown).
     */
    public static void nodeDead(String node, boolean heldResources) {
        HEARTBEAT.warn("node {}: is dead", node);
        if (heldResources) {
            HEARTBEAT.warn("No STONITH device configured.");
            HEARTBEAT.warn("Shared disks are not protected.");
            HEARTBEAT.info("Resources being acquired from {}.", node);
        } else {
            HEARTBEAT.info("Dead node {} gave up resources.", node);
        }
    }

    public static void linkUp(String node, String link) {
        HEARTBEAT.info("Link {}:{} up.", node, link);
    }

    public static void linkDead(String node, String link) {
        HEARTBEAT.info("Link {}:{} dead.", node, link);
    }

    // ---- standby and takeover ----

    /** A node asks to go standby: {@code hb_standby} on it, or {@code hb_takeover} on its peer. */
    public static void wantsStandby(String node, String scope) {
        HEARTBEAT.info("{} wants to go standby [{}]", node, scope);
    }

    /** This node hands a group over to a peer. */
    public static void givingUp() {
        HEARTBEAT.info("give up all HA resources (standby).");
    }

    public static void gaveUp() {
        HEARTBEAT.info("all HA resource release completed (standby).");
        HEARTBEAT.info("Local standby process completed [all].");
    }

    /** This node takes a group a living peer handed over. */
    public static void acquiringFrom(String node) {
        HEARTBEAT.info("standby: acquire [all] resources from {}", node);
        HEARTBEAT.info("acquire all HA resources (standby).");
    }

    public static void acquiredFrom() {
        HEARTBEAT.info("all HA resource acquisition completed (standby).");
        HEARTBEAT.info("Standby resource acquisition done [all].");
    }

    // ---- groups this node starts at start-up or takes over ----

    public static void acquiredAtStart() {
        HEARTBEAT.info("Local Resource acquisition completed.");
    }

    /** The group's holder died; {@code group} is heartbeat's name for it, its first resource. */
    public static void takingOver(String group) {
        MACH_DOWN.info("info: Taking over resource group {}", group);
    }

    public static void tookOver(String deadNode) {
        MACH_DOWN.info("info: /usr/share/heartbeat/mach_down: nice_failback: foreign resources acquired");
        MACH_DOWN.info("info: mach_down takeover complete for node {}.", deadNode);
        HEARTBEAT.info("mach_down takeover complete.");
    }

    // ---- running a group's resources ----

    /** @param line the haresources line: the preferred node, then the resources */
    public static void acquiringGroup(String line) {
        RESOURCE_MANAGER.info("info: Acquiring resource group: {}", line);
    }

    public static void releasingGroup(String line) {
        RESOURCE_MANAGER.info("info: Releasing resource group: {}", line);
    }

    /** @param command the script heartbeat runs for the resource and its arguments; {@code operation} start or stop */
    public static void running(String command, String operation) {
        RESOURCE_MANAGER.info("info: Running {} {}", command, operation);
    }

    /**
     * The script heartbeat's ResourceManager runs for a resource and its {@code ::} arguments: heartbeat's own
     * {@code /etc/ha.d/resource.d/NAME}, or {@code /etc/init.d/NAME} for an LSB init script (heartbeat's compiled-in
     * directories, which its lines name whatever jheartbeat's configuration directory is).
     */
    public static String command(String type, List<String> arguments, boolean initScript) {
        StringBuilder command = new StringBuilder(initScript ? "/etc/init.d/" : "/etc/ha.d/resource.d/").append(type)
                .append(' ');
        return command.append(String.join(" ", arguments)).toString();
    }
}
