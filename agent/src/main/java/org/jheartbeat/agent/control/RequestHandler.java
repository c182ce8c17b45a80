package org.jheartbeat.agent.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jheartbeat.agent.group.GroupBlockedException;
import org.jheartbeat.agent.ownership.Request;
import org.jheartbeat.agent.ownership.Scope;
import org.jheartbeat.agent.ownership.Simulation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a request against the caller's rights and carries it out. Every local user may query, as heartbeat's API
 * answers any local user (monitoring often runs as its own user); only root may change the cluster (invariant 7).
 * Every change is logged with its caller.
 */
public final class RequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);
    private static final Set<String> QUERIES = Set.of("status", "ping", "metrics", "parameter", "history",
            "simulate");
    private static final Set<String> CHANGES = Set.of("standby", "takeover", "cleanup", "reload");
    private static final String RELAY = "relay";

    private final AgentOperations agent;
    private final CommandRelay relay;

    public RequestHandler(AgentOperations agent, CommandRelay relay) {
        this.agent = agent;
        this.relay = relay;
    }

    /**
     * The answer to one request line as the socket sends it back: the reply's JSON line, or for a relay the
     * relayed command's answer ({@link CommandRelay}), whose own requests are answered here as the caller's.
     */
    public byte[] answer(Caller caller, String line) {
        ControlRequest request;
        try {
            request = ControlProtocol.decode(line, ControlRequest.class);
        } catch (JsonProcessingException e) {
            return bytes(malformed(e));
        }
        if (RELAY.equals(request.command())) {
            return relay.run(request, relayed -> replyLine(caller, relayed));
        }
        return bytes(handle(caller, request));
    }

    /** A relayed command's request, answered as the socket answers it (a relay inside a relay is unknown). */
    private String replyLine(Caller caller, String line) {
        ControlReply reply;
        try {
            reply = handle(caller, ControlProtocol.decode(line, ControlRequest.class));
        } catch (JsonProcessingException e) {
            reply = malformed(e);
        }
        return ControlProtocol.encode(reply).strip();
    }

    private static ControlReply malformed(JsonProcessingException e) {
        return ControlReply.refused("malformed", "not a request: " + e.getOriginalMessage());
    }

    static byte[] bytes(ControlReply reply) {
        return ControlProtocol.encode(reply).getBytes(StandardCharsets.UTF_8);
    }

    public ControlReply handle(Caller caller, ControlRequest request) {
        String command = request.command() == null ? "" : request.command();
        if (CHANGES.contains(command) && !caller.isRoot()) {
            return ControlReply.refused("forbidden", "user " + caller.user() + " may not change the cluster: "
                    + "only root may " + command);
        }
        if (!QUERIES.contains(command) && !CHANGES.contains(command)) {
            return ControlReply.refused("unknown-command", "unknown command '" + command + "'; known: status, ping, "
                    + "metrics, parameter, history, simulate, standby, takeover, cleanup, reload, relay");
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
            case "history":
                return textOrJson(request, agent.history(),
                        history -> new HistoryText(ZoneId.systemDefault()).render(history));
            case "simulate":
                return simulate(request);
            case "metrics":
                return ControlReply.of(agent.metrics());
            case "parameter":
                return agent.parameter(request.target() == null ? "" : request.target()).map(ControlReply::done)
                        .orElseGet(() -> ControlReply.refused("bad-argument", "no value for parameter '"
                                + request.target() + "'"));
            case "reload":
                LOG.info("configuration reload asked by {}", caller.user());
                AgentOperations.ReloadReply reloaded = agent.reload();
                String said = String.join("\n", reloaded.lines());
                return reloaded.applied() ? ControlReply.done(said) : ControlReply.refused("bad-configuration", said);
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
                } catch (GroupBlockedException e) {
                    return ControlReply.refused("blocked", e.getMessage());
                }
            default:
                Optional<Scope> scope = scope(request);
                if (scope.isEmpty()) {
                    return badScope(request);
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

    private ControlReply simulate(ControlRequest request) throws AgentOperations.UnavailableException {
        Optional<Simulation.Kind> kind = Simulation.Kind.parse(request.event() == null ? "" : request.event());
        if (kind.isEmpty()) {
            return ControlReply.refused("bad-argument", "simulate needs an event: fail, standby, takeover or return, "
                    + "not '" + request.event() + "'");
        }
        boolean aRequest = kind.get() == Simulation.Kind.STANDBY || kind.get() == Simulation.Kind.TAKEOVER;
        Optional<Scope> scope = scope(request);
        if (scope.isEmpty()) {
            return badScope(request);
        }
        if (request.target() == null && !aRequest) {
            return ControlReply.refused("bad-argument", "simulate " + kind.get().word() + " needs a node");
        }
        try {
            return textOrJson(request, agent.simulate(new Simulation.Event(kind.get(), request.target(),
                    aRequest ? scope.get() : null)), SimulationText::render);
        } catch (IllegalArgumentException e) {
            return ControlReply.refused("bad-argument", e.getMessage());
        }
    }

    private static Optional<Scope> scope(ControlRequest request) {
        return Scope.parse(request.scope() == null ? "all" : request.scope());
    }

    private static ControlReply badScope(ControlRequest request) {
        return ControlReply.refused("bad-argument", "scope '" + request.scope()
                + "' is not one of all, local, foreign, failback");
    }

    /** History and simulate answer as text (the default) or JSON, rendered here as status is. */
    private static <T> ControlReply textOrJson(ControlRequest request, T report, Function<T, String> text) {
        if (request.format() == null || request.format().equals("text")) {
            return ControlReply.rendered(text.apply(report));
        }
        if (request.format().equals("json")) {
            return ControlReply.rendered(ControlProtocol.encodeIndented(report));
        }
        return ControlReply.refused("bad-argument", "format '" + request.format() + "' is not one of text, json");
    }
}
