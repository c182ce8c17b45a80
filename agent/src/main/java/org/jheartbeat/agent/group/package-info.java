/**
 * The group manager: runs each resource group of this node, one command at a time per group, groups in
 * parallel.
 *
 * <ul>
 *   <li>start: STARTING, each resource started in order, then STARTED and monitored. A failed start stops the
 *       failed resource and those before it in reverse, then FAILED, and the listener hears the release.</li>
 *   <li>stop (from any state but FENCING and BLOCKED): STOPPING, every resource stopped in reverse, then STOPPED.</li>
 *   <li>monitor (STARTED only): each resource's status in order; the first failure, while restarts are left
 *       within the window, stops that resource and those after it in reverse and starts them again in order
 *       (STARTING, then STARTED). With no restarts left, or for a misconfigured or missing resource, the whole
 *       group is stopped in reverse, then FAILED, and the listener hears the release.</li>
 *   <li>any stop that fails or overruns its timeout (and whose status does not say stopped): FENCING; the Fencer is
 *       called and nothing more is done. When the Fencer returns, the node still up: BLOCKED, never reported stopped;
 *       a stop asked at shutdown resumes once the resource's status says stopped.</li>
 * </ul>
 *
 * Each transition of the group or of a resource is one log line: subject, state word
 * ({@link org.jheartbeat.agent.group.RunState#word()}), reason. The state of every group is an immutable
 * {@link org.jheartbeat.agent.group.GroupSnapshot}, also pushed to the
 * {@link org.jheartbeat.agent.group.GroupListener}.
 */
package org.jheartbeat.agent.group;
