package org.jheartbeat.agent.control;

import java.nio.channels.SocketChannel;
import java.io.IOException;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/** Who is on the other end of a control connection, as the kernel reports it (SO_PEERCRED). */
public record Caller(String user, String group) {

    public static Caller of(SocketChannel channel) throws IOException {
        UnixDomainPrincipal principal = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        return new Caller(principal.user().getName(), principal.group().getName());
    }

    public boolean isRoot() {
        return user.equals("root");
    }
}
