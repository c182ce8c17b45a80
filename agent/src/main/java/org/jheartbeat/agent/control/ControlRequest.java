package org.jheartbeat.agent.control;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One request on the control socket: a single JSON object on one line (docs/control-protocol.md).
 *
 * @param command status, ping, metrics, parameter (queries); standby, takeover, cleanup (changes)
 * @param scope   standby and takeover: all, local, foreign or failback
 * @param target  cleanup: a group id or a resource id; parameter: the heartbeat parameter's name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ControlRequest(String command, String scope, String target) {

    public static ControlRequest of(String command) {
        return new ControlRequest(command, null, null);
    }
}
