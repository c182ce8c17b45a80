package org.jheartbeat.agent.fencing;

/**
 * Why a node takes itself out. Each cause has the method heartbeat's own setup used for it, which a site that
 * changed nothing gets; {@code jheartbeat.fencing.method} replaces both.
 */
public enum FencingCause {

    /**
     * A stop kept failing and the resource's status still says running: heartbeat 3.0.6's ResourceManager
     * (RecoverFromFailedStop) runs {@code reboot -nf}.
     */
    FAILED_STOP(FencingMethod.REBOOT),

    /**
     * A plugin's check at agent start found the node unfit, e.g. a DRBD disk Inconsistent and alone where drbd.conf
     * asks for it: the seed's {@code incon-degr-cmd "halt -f"}.
     */
    STARTUP_CHECK(FencingMethod.HALT);

    private final FencingMethod heartbeatMethod;

    FencingCause(FencingMethod heartbeatMethod) {
        this.heartbeatMethod = heartbeatMethod;
    }

    /** What heartbeat's setup did for this cause: the method when the settings name none. */
    public FencingMethod heartbeatMethod() {
        return heartbeatMethod;
    }
}
