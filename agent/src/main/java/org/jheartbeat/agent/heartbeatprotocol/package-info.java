/**
 * heartbeat 3.0.6's wire protocol as a pure codec: its two framings (the netstring form every 3.0.6 node sends,
 * and the older classic name=value form it still accepts), its message model (ordered fields with typed values,
 * nested messages included) and its packet authentication (crc, HMAC-MD5, HMAC-SHA1 as authkeys names them).
 * No I/O and no JGroups: the transport hands packets in and takes bytes out. docs/heartbeat-protocol.md describes
 * the protocol itself; {@link org.jheartbeat.agent.heartbeatprotocol.HeartbeatPacketRecognizer} is the small
 * entry point for a receive path that only needs to know who sent a heartbeat packet.
 */
package org.jheartbeat.agent.heartbeatprotocol;
