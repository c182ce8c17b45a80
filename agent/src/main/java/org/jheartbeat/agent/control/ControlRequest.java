package org.jheartbeat.agent.control;

/**
 * One request on the control socket: a single JSON object on one line (docs/control-protocol.md).
 *
 * @param command status, ping, metrics, parameter, history, simulate (queries); standby, takeover, cleanup (changes)
 * @param scope   standby and takeover: all, local, foreign or failback
 * @param target  cleanup: a group id or a resource id; parameter: the heartbeat parameter's name; standby and
 *                takeover: the node to issue the request (default: the node the socket belongs to)
 * @param format  status: report (the default: the structured report in the reply's status), or text, xml or
 *                json (rendered by the agent into the reply's rendered, so that a client needs no JSON binding);
 *                history and simulate: text (the default) or json, rendered likewise
 * @param event   simulate: fail, standby, takeover or return, happening to {@code target} (for standby and takeover
 *                with {@code scope})
 */
public record ControlRequest(String command, String scope, String target, String format, String event) {

    public ControlRequest(String command, String scope, String target) {
        this(command, scope, target, null, null);
    }

    public ControlRequest(String command, String scope, String target, String format) {
        this(command, scope, target, format, null);
    }

    public static ControlRequest of(String command) {
        return new ControlRequest(command, null, null, null, null);
    }
}
