package org.jheartbeat.agent.heartbeatpeer;

import java.util.Optional;

/**
 * Which of heartbeat 3.0.6's two resource classes a node holds: its local groups (haresources lines naming it first)
 * and its foreign ones (every other line). heartbeat's {@code rsc_hold} field says it in the sender's own terms, one
 * word for the four cases; a peer's local groups are this node's foreign ones, hence {@link #mirrored}.
 */
public record ResourceClasses(boolean local, boolean foreign) {

    public static final ResourceClasses NONE = new ResourceClasses(false, false);
    public static final ResourceClasses LOCAL = new ResourceClasses(true, false);
    public static final ResourceClasses FOREIGN = new ResourceClasses(false, true);
    public static final ResourceClasses ALL = new ResourceClasses(true, true);

    /** heartbeat's word for these classes (hb_resource.h). */
    public String word() {
        return local ? foreign ? "all" : "local" : foreign ? "foreign" : "none";
    }

    /** The classes {@code rsc_hold} names; empty for any other word. */
    public static Optional<ResourceClasses> of(String word) {
        return switch (word) {
            case "none" -> Optional.of(NONE);
            case "local" -> Optional.of(LOCAL);
            case "foreign" -> Optional.of(FOREIGN);
            case "all" -> Optional.of(ALL);
            default -> Optional.empty();
        };
    }

    /** The same groups as the other node of a pair names them. */
    public ResourceClasses mirrored() {
        return new ResourceClasses(foreign, local);
    }

    public ResourceClasses with(ResourceClasses more) {
        return new ResourceClasses(local || more.local, foreign || more.foreign);
    }

    public ResourceClasses without(ResourceClasses less) {
        return new ResourceClasses(local && !less.local, foreign && !less.foreign);
    }

    public boolean overlaps(ResourceClasses other) {
        return local && other.local || foreign && other.foreign;
    }

    public boolean isEmpty() {
        return !local && !foreign;
    }
}
