/**
 * Resource types carried out by scripts on the node, and the resolution of a haresources name to a type.
 *
 * <h2>Resolution</h2>
 * A name resolves, in this order, to: a plugin type of that name (from the {@code ResourcePlugin} map); an
 * executable regular file {@code resource.d/NAME}; an executable regular file {@code init.d/NAME}. A name
 * spelled {@code ocf:PROVIDER:AGENT} resolves only to {@code OCF_ROOT/resource.d/PROVIDER/AGENT}. Names that
 * could leave the script directories ({@code /}, {@code .}, {@code ..}) never resolve.
 * {@link org.jheartbeat.agent.scripts.ResourceTypeResolver#explain} says where a name led, or every place it
 * looked and why each did not fit.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>heartbeat {@code resource.d}: {@code SCRIPT ARG... start|stop|status}, the {@code ::} arguments
 *       positional (each one argument, never split at spaces as heartbeat's shell did). Start and stop count
 *       by exit code; status by what the script prints: "not ... running" (any case) is stopped, "running" or
 *       "OK" is running, anything else stopped; its exit code is ignored, as heartbeat ignores it.</li>
 *   <li>LSB init scripts: {@code SCRIPT ARG... start|stop|status}, status by exit code (0 running, 3 stopped,
 *       1/2/4 failed); start/stop 0 success, 2/3/6 misconfigured, 5 not installed, 7 on stop success.</li>
 *   <li>For both, as heartbeat does: status is asked before a start, and a running resource is not started
 *       again; a failed stop is forgiven when status then says stopped (old scripts fail a stop when stopped).</li>
 *   <li>OCF agents: {@code ocf:PROVIDER:AGENT::name=value::name=value}, e.g.
 *       {@code ocf:heartbeat:IPaddr2::ip=10.0.0.1::cidr_netmask=24}. The agent runs as
 *       {@code AGENT start|stop|monitor|validate-all} with {@code OCF_ROOT}, {@code OCF_RA_VERSION_MAJOR/MINOR},
 *       {@code OCF_RESOURCE_INSTANCE} (the resource's id with every character outside {@code [A-Za-z0-9_.-]}
 *       replaced by {@code _}), {@code OCF_RESOURCE_TYPE}, {@code OCF_RESOURCE_PROVIDER},
 *       {@code OCF_RESKEY_CRM_meta_timeout} (the operation's timeout in ms) and one {@code OCF_RESKEY_name}
 *       per parameter. Exit codes are OCF's; the agent's {@code ocf-exit-reason:} line becomes the reason.</li>
 * </ul>
 * Every script runs through the {@link org.jheartbeat.resource.CommandRunner} with the operation's timeout; a
 * script that cannot be run at all is {@code NOT_INSTALLED}, one killed at its timeout {@code TIMED_OUT}.
 */
package org.jheartbeat.agent.scripts;
