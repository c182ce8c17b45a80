/**
 * How this node takes itself out when it cannot make a resource safe (invariant 3): halt, poweroff or reboot
 * through {@code reboot(2)} after a bounded {@code sync(2)}, with {@code halt -f} and the like as a fallback; or a
 * configured command given the reason as its last argument. Unless the settings name a method, each
 * {@link org.jheartbeat.agent.fencing.FencingCause} gets heartbeat's: reboot after a failed stop, halt when DRBD
 * asks for it at start. Every fencing writes an ERROR line marked
 * {@link org.jheartbeat.agent.fencing.Fencers#FENCING} before acting.
 */
package org.jheartbeat.agent.fencing;
