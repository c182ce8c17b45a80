package org.jheartbeat.agent.control;

import java.util.Optional;
import java.util.Set;
import org.jheartbeat.agent.ownership.Request;
import org.jheartbeat.agent.ownership.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a request against the caller's rights and carries it out. Every local user may query, as heartbeat's API
 * answers any local user (monitoring often runs as its own user); only root may change the cluster (invariant 7).
 * Every change is logged with its caller.
 */
public final class RequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);
    private static final Set<String> QUERIES = Set.of("status", "ping", "metrics", "parameter");
    private static final Set<String> CHANGES = Set.of("standby", "takeover", "cleanup");

    private final AgentOperations agent;

    public RequestHandler(AgentOperations agent) {
        this.agent = agent;
    }

    public ControlReply handle(Caller caller, ControlRequest request) {
        String command = request.command() == null ? "" : request.command();
        if (CHANGES.contains(command) && !caller.isRoot()) {
            return ControlReply.refused("forbidden", "user " + caller.user() + " may not change the cluster: "
                    + "only root may " + command);
        }
        if (!QUERIES.contains(command) && !CHANGES.contains(command)) {
            return ControlReply.refused("unknown-command", "unknown command '" + command + "'; known: status, ping, "
                    + "metrics, parameter, standby, takeover, cleanup");
        }
        try {
            return carryOut(caller, command, request);
        } catch (AgentOperations.UnavailableException e) {
            return ControlReply.refused("unavailable", e.getMessage());
        }
    }

    private ControlReply carryOut(Caller caller, String command, ControlRequest request)
            throws AgentOperations.UnavailableException {
        switch (command) {
            case "status":
                Optional<StatusFormat> format = StatusFormat.parse(request.format());
                if (format.isEmpty()) {
                    return ControlReply.refused("bad-argument", "format '" + request.format()
                            + "' is not one of report, text, xml, json");
                }
                StatusReport report = agent.status();
                return format.get() == StatusFormat.REPORT ? ControlReply.of(report)
                        : ControlReply.rendered(format.get().render(report));
            case "ping":
                return ControlReply.done("running");
            case "metrics":
                return ControlReply.of(agent.metrics());
            case "parameter":
                return agent.parameter(request.target() == null ? "" : request.target()).map(ControlReply::done)
                        .orElseGet(() -> ControlReply.refused("bad-argument", "no value for parameter '"
                                + request.target() + "'"));
            case "cleanup":
                if (request.target() == null || request.target().isBlank()) {
                    return ControlReply.refused("bad-argument", "cleanup needs a target: a group or resource id");
                }
                try {
                    ControlReply reply = ControlReply.cleaned(agent.cleanup(request.target()));
                    LOG.info("{} cleaned up {} on request of {}", reply.groups(), request.target(), caller.user());
                    return reply;
                } catch (IllegalArgumentException e) {
                    return ControlReply.refused("bad-argument", e.getMessage());
                }
            default:
                Optional<Scope> scope = Scope.parse(request.scope() == null ? "all" : request.scope());
                if (scope.isEmpty()) {
                    return ControlReply.refused("bad-argument", "scope '" + request.scope()
                            + "' is not one of all, local, foreign, failback");
                }
                Request.Kind kind = command.equals("standby") ? Request.Kind.STANDBY : Request.Kind.TAKEOVER;
                Optional<String> node = Optional.ofNullable(request.target());
                try {
                    agent.request(node, kind, scope.get());
                } catch (IllegalArgumentException e) {
                    return ControlReply.refused("bad-argument", e.getMessage());
                }
                String what = command + " " + scope.get().word() + node.map(name -> " for node " + name).orElse("");
                LOG.info("{} requested by {}", what, caller.user());
                return ControlReply.done(what + " requested");
        }
    }
}
