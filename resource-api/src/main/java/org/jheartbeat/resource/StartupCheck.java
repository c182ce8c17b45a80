package org.jheartbeat.resource;

import java.util.List;
import java.util.Map;

/**
 * A check a plugin needs once, when the agent starts on a node, before the node joins the cluster and runs
 * anything: e.g. DRBD's rule that an Inconsistent disk whose peer stays away halts the node.
 */
public interface StartupCheck {

    /** The check could not be made at all; the agent refuses to start and says why. */
    final class StartupCheckException extends Exception {
        public StartupCheckException(String message) {
            super(message);
        }
    }

    /**
     * @param resources every resource of haresources; a check looks only at the types it knows
     * @return the resources this node must not run, each with the reason (empty when all may run)
     */
    Map<ResourceSpec, String> run(List<ResourceSpec> resources, ResourceContext context) throws StartupCheckException;
}
