package org.jheartbeat.agent.group;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.Succession;
import org.slf4j.MDC;

/**
 * Runs an agent's operation on a worker thread and stops waiting for it at its timeout plus a grace: an agent
 * that breaks its promise to bound itself must not hold the group, least of all during a stop, which then
 * fences the node. A hung worker is abandoned (and interrupted), not reused. The worker logs with the caller's
 * context (its group) and the resource's id, which the journal keeps as fields.
 */
final class BoundedOperations {

    /** The operation's result and how long the manager waited for it. */
    record Outcome(OperationResult result, Duration elapsed) {
    }

    private final ExecutorService workers;
    private final Duration grace;

    BoundedOperations(ExecutorService workers, Duration grace) {
        this.workers = workers;
        this.grace = grace;
    }

    Outcome run(Resource agent, ResourceOperation operation, Duration timeout) {
        return run(agent, operation, timeout, Succession.UNKNOWN);
    }

    /** @param succession what a start is told of the group's previous holder; the other operations ignore it */
    Outcome run(Resource agent, ResourceOperation operation, Duration timeout, Succession succession) {
        long startNanos = System.nanoTime();
        Map<String, String> context = MDC.getCopyOfContextMap();
        Future<OperationResult> call = workers.submit(() -> {
            MDC.setContextMap(context == null ? Map.of() : context);
            MDC.put("resource", agent.spec().id());
            try {
                return switch (operation) {
                    // Nothing known is the plain start every resource implements; knowledge is passed on only.
                    case START -> succession == Succession.UNKNOWN ? agent.start(timeout)
                            : agent.start(timeout, succession);
                    case STOP -> agent.stop(timeout);
                    case STATUS -> agent.status(timeout);
                    case ANNOUNCE -> agent.announce(timeout);
                };
            } finally {
                MDC.clear();
            }
        });
        OperationResult result;
        try {
            result = call.get(timeout.plus(grace).toNanos(), TimeUnit.NANOSECONDS);
            if (result == null) {
                result = OperationResult.failed(operation.word() + " returned no result");
            }
        } catch (TimeoutException e) {
            call.cancel(true);
            result = OperationResult.timedOut(operation.word() + " did not return within "
                    + OperationTimeouts.describe(timeout));
        } catch (ExecutionException e) {
            result = OperationResult.failed(operation.word() + " threw " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            result = OperationResult.failed(operation.word() + " interrupted while waiting for it");
        }
        return new Outcome(result, Duration.ofNanos(System.nanoTime() - startNanos));
    }
}
