/**
 * The group manager: runs each resource group of this node, one command at a time per group, groups in
 * parallel.
 *
 * <pre>
 *            start                      all started
 * STOPPED ───────────▶ STARTING ─────────────────────▶ STARTED ──┐ status check fails,
 *    ▲                    │ a start fails:                 ▲     │ restarts left: stop it and those
 *    │ stop               │ stop it and those before it    └─────┘ after it, start them again
 *    │                    ▼ in reverse, tell the listener        │ no restarts left (or misconfigured):
 * STOPPING ◀── stop ── FAILED ◀──────────────────────────────────┘ stop all in reverse, tell the listener
 *
 * any stop that fails or overruns ─▶ FENCING: the Fencer is called, nothing more is done
 * </pre>
 *
 * Each transition of the group or of a resource is one log line: subject, state word
 * ({@link org.jheartbeat.agent.group.RunState#word()}), reason. The state of every group is an immutable
 * {@link org.jheartbeat.agent.group.GroupSnapshot}, also pushed to the
 * {@link org.jheartbeat.agent.group.GroupListener}.
 */
package org.jheartbeat.agent.group;
