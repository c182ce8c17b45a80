package org.jheartbeat.agent.control;

/**
 * One request on the control socket: a single JSON object on one line (docs/control-protocol.md).
 *
 * @param command status, ping, metrics, parameter (queries); standby, takeover, cleanup (changes)
 * @param scope   standby and takeover: all, local, foreign or failback
 * @param target  cleanup: a group id or a resource id; parameter: the heartbeat parameter's name; standby and
 *                takeover: the node to issue the request (default: the node the socket belongs to)
 * @param format  status: report (the default: the structured report in the reply's status), or text, xml or
 *                json (rendered by the agent into the reply's rendered, so that a client needs no JSON binding)
 */
public record ControlRequest(String command, String scope, String target, String format) {

    public ControlRequest(String command, String scope, String target) {
        this(command, scope, target, null);
    }

    public static ControlRequest of(String command) {
        return new ControlRequest(command, null, null, null);
    }
}
