package org.jheartbeat.agent.group;

import java.time.Duration;
import java.time.Instant;

/**
 * One resource's state at one moment.
 *
 * @param lastElapsed how long its latest start, stop or status took ({@link Duration#ZERO} before the first)
 */
public record ResourceSnapshot(String id, RunState state, Instant since, Duration lastElapsed) {
}
