package org.jheartbeat.agent.daemon;

import java.util.List;
import org.jheartbeat.agent.config.ClusterConfig;

/**
 * What a reload did, as the caller and the log are told.
 *
 * @param applied whether the files were taken (also when they changed nothing); false when they had errors and
 *                nothing changed
 * @param lines   what changed, or the errors (file:line: message), one line each
 * @param config  the configuration the agent runs after the reload
 */
public record ReloadOutcome(boolean applied, List<String> lines, ClusterConfig config) {

    public ReloadOutcome {
        lines = List.copyOf(lines);
    }
}
