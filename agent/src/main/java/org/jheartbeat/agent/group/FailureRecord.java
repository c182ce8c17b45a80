package org.jheartbeat.agent.group;

import java.time.Instant;
import org.jheartbeat.resource.OperationResult;

/** One failed operation, kept for the status command. */
public record FailureRecord(Instant time, String resource, ResourceOperation operation,
                           OperationResult.Outcome outcome, String reason) {
}
