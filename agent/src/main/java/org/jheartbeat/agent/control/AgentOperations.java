package org.jheartbeat.agent.control;

import java.util.Optional;
import java.util.List;
import java.util.Map;
import org.jheartbeat.agent.ownership.Request;
import org.jheartbeat.agent.ownership.Scope;
import org.jheartbeat.agent.ownership.Simulation;

/** What the control socket can ask of the running agent. */
public interface AgentOperations {

    StatusReport status() throws UnavailableException;

    /**
     * A standby or takeover request, issued by this node or, when {@code node} names another member, by that one.
     *
     * @throws IllegalArgumentException when {@code node} is not a member
     */
    void request(Optional<String> node, Request.Kind kind, Scope scope) throws UnavailableException;

    /**
     * Forgets the failures of a group, named by its id or by any of its resources, so that its nodes may run it
     * again.
     *
     * @return the groups cleaned up
     * @throws IllegalArgumentException when no configured group or resource has that name
     * @throws org.jheartbeat.agent.group.GroupBlockedException when a group it names is BLOCKED here and stays so
     */
    List<String> cleanup(String target) throws UnavailableException;

    /** ha.cf's value of a heartbeat parameter ({@code cl_status hbparameter}); empty when heartbeat reports none. */
    Optional<String> parameter(String name);

    /** What a reload did: whether it applied the files, and what it said, one line each. */
    record ReloadReply(boolean applied, List<String> lines) {
        public ReloadReply {
            lines = List.copyOf(lines);
        }
    }

    /**
     * Reads the configuration files again and applies what changed; when they have errors, changes nothing and says
     * why, naming file and line.
     */
    ReloadReply reload();

    /** Every metric by name: a number, or for histograms and timers a map of their statistics. */
    Map<String, Object> metrics();

    /** This node's last transitions, oldest first ({@code hbctl history}). */
    HistoryReport history();

    /**
     * What placement would do after {@code event}, from the members' latest states; changes nothing.
     *
     * @throws IllegalArgumentException when the event cannot happen to the node it names
     */
    SimulationReport simulate(Simulation.Event event) throws UnavailableException;

    /** The agent did not answer in time (it is busy starting, stopping or frozen). */
    final class UnavailableException extends Exception {
        public UnavailableException(String message) {
            super(message);
        }
    }
}
