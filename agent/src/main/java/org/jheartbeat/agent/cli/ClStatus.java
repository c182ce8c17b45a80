package org.jheartbeat.agent.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * heartbeat's {@code cl_status}, answered by the jheartbeat agent: the same sub-commands, options, output and
 * exit codes as Debian's heartbeat 3.0.6 (recorded in the tests' heartbeat-3.0.6/recorded.txt). The agent's
 * socket is {@code $JHEARTBEAT_CONTROL_SOCKET}, else /run/jheartbeat/control.sock.
 */
public final class ClStatus {

    static final int BAD_ARGUMENTS = 11;
    static final int LOOKUP_FAILED = 13;
    private final ControlClient agent;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private List<String> positional;
    private String options;
    private ClusterSummary status;

    ClStatus(ControlClient agent, PrintStream out, PrintStream err, Clock clock) {
        this.agent = agent;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    public static void main(String[] args) {
        System.exit(new ClStatus(ControlClient.fromEnvironment(), System.out, System.err, Clock.systemDefaultZone()).run(List.of(args)));
    }

    /** A failure already reported, with the exit code heartbeat uses for it. */
    private static final class Failed extends Exception {
        final int code;

        Failed(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    int run(List<String> args) {
        if (args.isEmpty() || args.get(0).equals("-h")) {
            out.print(ClStatusUsage.TEXT);
            return 0;
        }
        String command = args.get(0);
        positional = new ArrayList<>();
        StringBuilder letters = new StringBuilder();
        String parameterName = null;
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            if (command.equals("hbparameter") && arg.equals("-p") && i + 1 < args.size()) {
                parameterName = args.get(++i);
            } else if (arg.startsWith("-") && arg.length() > 1) {
                letters.append(arg.substring(1));
            } else {
                positional.add(arg);
            }
        }
        options = letters.toString();
        try {
            return switch (command) {
                case "hbstatus" -> hbstatus();
                case "listnodes" -> listnodes();
                case "nodestatus" -> nodestatus();
                case "nodetype" -> nodetype();
                case "nodeweight" -> print(node(0).map(n -> "100"));
                case "nodesite" -> print(node(0).map(n -> ""));
                case "listhblinks" -> listhblinks();
                case "hblinkstatus" -> hblinkstatus();
                case "clientstatus" -> clientstatus();
                case "rscstatus" -> rscstatus();
                case "hbparameter" -> hbparameter(parameterName);
                default -> {
                    logError(command + ": invalid sub-command.");
                    yield BAD_ARGUMENTS;
                }
            };
        } catch (Failed failed) {
            return failed.code;
        }
    }

    private int hbstatus() {
        try {
            agent.exchange(ReplyEnvelope.request(Map.of("command", "ping")));
        } catch (ControlClient.NotRunningException | IOException e) {
            out.println("Heartbeat is stopped on this machine.");
            return 1;
        }
        out.println("Heartbeat is running on this machine.");
        if (has('v')) {
            try {
                out.println("version:\t" + status().version() + " (jheartbeat)");
                out.println("managed by:\t\"haresources\"");
                verboseNodes();
            } catch (Failed failed) {
                return failed.code;
            }
        }
        return 0;
    }

    private int listnodes() throws Failed {
        if (has('v')) {
            verboseNodes();
            return 0;
        }
        if (has('m')) {
            out.println("The nodes are as follow:");
        }
        for (String node : ClStatusNodes.listed(status())) {
            boolean ping = ClStatusNodes.isPing(status(), node);
            if (!(has('p') && !ping) && !(has('n') && ping)) {
                out.println(node);
            }
        }
        return 0;
    }

    private void verboseNodes() throws Failed {
        for (String node : ClStatusNodes.listed(status())) {
            boolean ping = ClStatusNodes.isPing(status(), node);
            out.println();
            out.println(node + "\t" + ClStatusNodes.nodeStatus(status(), node) + "\t(nodetype: "
                    + (ping ? "ping" : "normal") + ")");
            for (ClStatusNodes.LinkState link : ClStatusNodes.links(status(), node)) {
                out.println("\t" + link.name() + "\t" + link.state());
            }
        }
    }

    private int nodestatus() throws Failed {
        String node = node(0).orElseThrow(this::unknownNode);
        String state = ClStatusNodes.nodeStatus(status(), node);
        out.println(has('m') ? "The cluster node " + node + " is " + state : state);
        return state.equals("dead") ? 1 : 0;
    }

    private int nodetype() throws Failed {
        String node = node(0).orElseThrow(this::unknownNode);
        out.println(ClStatusNodes.isPing(status(), node) ? "ping" : "normal");
        return 0;
    }

    private int listhblinks() throws Failed {
        String node = node(0).orElseThrow(() -> lookupFailed("Cannot start heartbeat link interface walk.",
                "EINVAL"));
        if (has('m')) {
            out.println("\tthis node has the following heartbeat links:");
        }
        for (ClStatusNodes.LinkState link : ClStatusNodes.links(status(), node)) {
            out.println("\t" + link.name() + (has('v') ? "\t" + link.state() : ""));
        }
        return 0;
    }

    private int hblinkstatus() throws Failed {
        if (positional.size() < 2) {
            throw notEnoughParameters();
        }
        String node = node(0).orElseThrow(() -> lookupFailed("Cannot get heartbeat link status", ""));
        ClStatusNodes.LinkState link = ClStatusNodes.links(status(), node).stream()
                .filter(candidate -> candidate.name().equals(positional.get(1))).findFirst()
                .orElseThrow(() -> lookupFailed("Cannot get heartbeat link status", ""));
        out.println(has('m') ? "The node " + node + "'s heartbeat link " + link.name() + " is " + link.state()
                : link.state());
        return link.state().equals("up") ? 0 : 1;
    }

    /** jheartbeat has no heartbeat API clients: none is ever online, and other nodes' clients never answer. */
    private int clientstatus() throws Failed {
        if (positional.size() < 2) {
            throw notEnoughParameters();
        }
        if (positional.get(0).equals(status().node())) {
            out.println("offline");
            return 1;
        }
        throw lookupFailed("Cannot get heartbeat client " + positional.get(1) + "'s status", "No timely response.");
    }

    private int rscstatus() throws Failed {
        String hold = status().resourceHold();
        out.println(has('m') ? ClStatusNodes.holdSentence(hold) : hold);
        return 0;
    }

    private int hbparameter(String name) throws Failed {
        if (name == null) {
            logError("parameter name required");
            return BAD_ARGUMENTS;
        }
        ReplyEnvelope reply;
        try {
            reply = ReplyEnvelope.parse(exchange(Map.of("command", "parameter", "target", name)));
        } catch (IOException e) {
            throw cannotSignOn(e.getMessage());
        }
        if (!reply.ok()) {
            logError("Cannot get parameter " + name + "'s value");
            logError("REASON: ");
            return 1;
        }
        out.println(reply.message());
        return 0;
    }

    private int print(Optional<String> value) throws Failed {
        out.println(value.orElseThrow(this::unknownNode));
        return 0;
    }

    /** The node named by the positional argument, if the cluster knows it. */
    private Optional<String> node(int index) throws Failed {
        if (positional.size() <= index) {
            throw notEnoughParameters();
        }
        String node = positional.get(index).toLowerCase(Locale.ROOT);
        return ClStatusNodes.listed(status()).contains(node) ? Optional.of(node) : Optional.empty();
    }

    private ClusterSummary status() throws Failed {
        if (status == null) {
            try {
                status = ClusterSummary.ofReply(exchange(Map.of("command", "status")));
            } catch (ClusterSummary.RefusedException | IOException e) {
                throw cannotSignOn(e.getMessage());
            }
        }
        return status;
    }

    private String exchange(Map<String, String> request) throws Failed {
        try {
            return agent.exchange(ReplyEnvelope.request(request));
        } catch (ControlClient.NotRunningException | IOException e) {
            throw cannotSignOn("hb_api_signon: Can't initiate connection to heartbeat");
        }
    }

    private Failed cannotSignOn(String reason) {
        logError("Cannot signon with heartbeat");
        logError("REASON: " + reason);
        return new Failed(1);
    }

    private Failed unknownNode() {
        err.println("Error. May be due to incorrect node name");
        return new Failed(BAD_ARGUMENTS);
    }

    private Failed notEnoughParameters() {
        err.println("Not enough parameters.");
        return new Failed(BAD_ARGUMENTS);
    }

    private Failed lookupFailed(String what, String reason) {
        logError(what);
        logError("REASON: " + reason);
        return new Failed(LOOKUP_FAILED);
    }

    private boolean has(char option) {
        return options.indexOf(option) >= 0;
    }

    /** heartbeat's error lines: syslog's time, host and program, the process id. */
    private void logError(String message) {
        err.println(SyslogTime.now(clock) + " " + hostname()
                + " cl_status: [" + ProcessHandle.current().pid() + "]: ERROR: " + message);
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
