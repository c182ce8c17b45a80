package org.jheartbeat.agent.control;

import java.util.List;

/**
 * One request on the control socket: a single JSON object on one line (docs/control-protocol.md).
 *
 * @param command status, ping, metrics, parameter, history, simulate (queries); standby, takeover, cleanup (changes)
 * @param scope   standby and takeover: all, local, foreign or failback
 * @param target  cleanup: a group id or a resource id; parameter: the heartbeat parameter's name; standby and
 *                takeover: the node to issue the request (default: the node the socket belongs to); relay: the
 *                client command to run
 * @param format  status: report (the default: the structured report in the reply's status), or text, xml or
 *                json (rendered by the agent into the reply's rendered, so that a client needs no JSON binding);
 *                history and simulate: text (the default) or json, rendered likewise
 * @param event   simulate: fail, standby, takeover or return, happening to {@code target} (for standby and takeover
 *                with {@code scope})
 * @param args    relay: the command line of the client command {@code target} names (cl_status, hbctl, hb_standby,
 *                hb_takeover), from the name it was called by on, which the agent runs on the caller's behalf
 *                ({@link CommandRelay})
 * @param pid     relay: the client's process id, which heartbeat's messages print
 */
public record ControlRequest(String command, String scope, String target, String format, String event,
                             List<String> args, Long pid) {

    public ControlRequest(String command, String scope, String target) {
        this(command, scope, target, null, null, null, null);
    }

    public ControlRequest(String command, String scope, String target, String format) {
        this(command, scope, target, format, null, null, null);
    }

    public ControlRequest(String command, String scope, String target, String format, String event) {
        this(command, scope, target, format, event, null, null);
    }

    public static ControlRequest of(String command) {
        return new ControlRequest(command, null, null, null, null, null, null);
    }
}
