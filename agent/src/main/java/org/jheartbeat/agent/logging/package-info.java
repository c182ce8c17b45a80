/**
 * Where the agent's log goes: standard error from the first line (a Logback {@code Configurator} found through
 * ServiceLoader, {@code META-INF/services}), then syslog, logfile and debugfile as ha.cf names them.
 */
package org.jheartbeat.agent.logging;
