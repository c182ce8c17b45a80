/**
 * What the agent's command line ({@code jheartbeat}) and the client commands ({@code hbctl}) share: where the
 * configuration is read from, so that {@code hbctl config check} reads exactly what the agent would start from,
 * and the version both report.
 */
package org.jheartbeat.agent.commandline;
