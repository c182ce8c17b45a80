package org.jheartbeat.agent.membership;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.OptionalInt;

/**
 * Words sealed ahead on one link for the node's guard ({@link AuthenticatedUdp#sealAhead}), and how to send them as
 * the link would: from {@code source} (its address and port, which peers check against the seal), to each of
 * {@code targets}, with {@code multicastTtl} on an mcast medium.
 *
 * @param words one datagram per word, in the order they were given
 */
public record SealedAhead(InetSocketAddress source, OptionalInt multicastTtl, List<InetSocketAddress> targets,
                          List<byte[]> words) {
    public SealedAhead {
        targets = List.copyOf(targets);
        words = List.copyOf(words);
    }
}
