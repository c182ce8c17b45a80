package org.jheartbeat.resource;

/**
 * A kind of resource, known by the name haresources uses for it ({@code IPaddr}, {@code Filesystem}, ...).
 * Implementations are stateless and thread-safe; each configured resource gets its own {@link Resource}.
 */
public interface ResourceType {

    /** The name as written in haresources, case-sensitive as heartbeat's resource.d names are. */
    String name();

    /**
     * Makes the agent for one configured resource, checking the arguments' syntax on the way.
     *
     * @throws InvalidResourceException naming the bad argument and what is expected instead
     */
    Resource create(ResourceSpec spec, ResourceContext context) throws InvalidResourceException;
}
