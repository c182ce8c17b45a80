/**
 * This node as a heartbeat 3.0.6 peer sees it: the status packets, node lists, acknowledgements and
 * retransmissions a jheartbeat node sends to heartbeat 3 nodes on ha.cf's media in a mixed cluster, built with the
 * codec of {@link org.jheartbeat.agent.heartbeatprotocol}.
 */
package org.jheartbeat.agent.heartbeatpeer;
