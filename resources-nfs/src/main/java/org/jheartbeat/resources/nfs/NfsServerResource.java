package org.jheartbeat.resources.nfs;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.OperationAbort;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.OperationTools;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One configured NFS server resource: gives each operation its deadline and logs how it ended. */
final class NfsServerResource implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(NfsServerResource.class);

    private final ResourceSpec spec;
    private final NfsBackend backend;

    NfsServerResource(ResourceSpec spec, NfsBackend backend) {
        this.spec = spec;
        this.backend = backend;
    }

    @Override
    public ResourceSpec spec() {
        return spec;
    }

    @Override
    public OperationResult start(Duration timeout) {
        return run("start", backend::start, timeout);
    }

    @Override
    public OperationResult stop(Duration timeout) {
        return run("stop", backend::stop, timeout);
    }

    @Override
    public OperationResult status(Duration timeout) {
        return run("status", backend::status, timeout);
    }

    @Override
    public OperationResult validate(Duration timeout) {
        return run("validate", backend::validate, timeout);
    }

    @Override
    public List<String> preflight() {
        return backend.preflight();
    }

    private OperationResult run(String name, OperationTools.Steps steps, Duration timeout) {
        OperationResult result;
        try {
            result = steps.run(Deadline.after(timeout));
        } catch (OperationAbort abort) {
            result = abort.result();
        } catch (UncheckedIOException | IllegalArgumentException e) {
            // The mount table could not be read or parsed; the message names the file and line.
            result = OperationResult.failed(e.getMessage());
        }
        if (result.isSuccess() || result.outcome() == OperationResult.Outcome.NOT_RUNNING) {
            LOG.debug("{}: {} -> {}", spec, name, result);
        } else {
            LOG.warn("{}: {} failed: {}", spec, name, result);
        }
        return result;
    }
}
