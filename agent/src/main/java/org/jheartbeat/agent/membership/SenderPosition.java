package org.jheartbeat.agent.membership;

/**
 * Where a message stands in its sender's sequence: the run of the sender's agent ({@link Generation}) and the
 * counter of that run. A later position was sent later. A message handed on after its gap was given up
 * ({@link SenderOrder}) comes after messages with later positions, so a receiver that keeps only the latest of
 * something a sender repeats compares positions, not arrival.
 */
public record SenderPosition(long generation, long counter) implements Comparable<SenderPosition> {

    @Override
    public int compareTo(SenderPosition other) {
        int byGeneration = Long.compare(generation, other.generation);
        return byGeneration != 0 ? byGeneration : Long.compare(counter, other.counter);
    }
}
