package org.jheartbeat.agent.control;

import java.util.List;
import org.jheartbeat.agent.history.Transition;

/**
 * {@code hbctl history}: this node's last transitions, oldest first (docs/control-protocol.md).
 *
 * @param kept how many ended transitions the agent keeps at most
 */
public record HistoryReport(String node, int kept, List<Transition> transitions) {

    public HistoryReport {
        transitions = List.copyOf(transitions);
    }
}
