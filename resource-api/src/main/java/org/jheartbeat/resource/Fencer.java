package org.jheartbeat.resource;

/**
 * Takes this node out of the cluster at once, so that no peer can start a resource this node still holds.
 * The production fencer halts or reboots the machine and does not return; test fencers record the call or
 * tear down a simulated node. Callers must not assume the call returns, nor that it does not.
 */
public interface Fencer {

    /**
     * @param reason one line saying why, logged at the highest severity before acting
     */
    void fence(String reason);
}
