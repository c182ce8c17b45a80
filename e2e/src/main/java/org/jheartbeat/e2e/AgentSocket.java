package org.jheartbeat.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * One socket of a process as {@code ss -H -a -n -p} shows it: its kind ({@code udp}, {@code tcp}, {@code u_str} …),
 * state, and local end ({@code address:port}, or a Unix socket's path).
 */
public record AgentSocket(String kind, String state, String local) {

    /** Whether it waits for others: a TCP or Unix stream socket listening, or any bound UDP socket. */
    public boolean listening() {
        return state.equals("LISTEN") || (kind.startsWith("udp") && state.equals("UNCONN"));
    }

    /** The port of an IP socket's local end. */
    public int port() {
        return Integer.parseInt(local.substring(local.lastIndexOf(':') + 1));
    }

    /** The sockets owned by {@code pid} in {@code ss}'s output. */
    static List<AgentSocket> parse(String ssOutput, long pid) {
        List<AgentSocket> sockets = new ArrayList<>();
        String owner = "pid=" + pid + ",";
        for (String line : ssOutput.split("\n")) {
            if (!line.contains(owner)) {
                continue;
            }
            String[] words = line.strip().split("\\s+");
            sockets.add(new AgentSocket(words[0], words[1], words[4]));
        }
        return sockets;
    }
}
