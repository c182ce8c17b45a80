package org.jheartbeat.agent.membership;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

/** Whether an address written in ha.cf is one of this node's own (a ucast line that points at itself). */
final class LocalAddresses {

    private LocalAddresses() {
    }

    static boolean isLocal(String address) {
        try {
            return NetworkInterface.getByInetAddress(InetAddress.getByName(address)) != null;
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
    }
}
