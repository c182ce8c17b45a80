package org.jheartbeat.agent.config;

import org.jheartbeat.resource.ResourceSpec;

/** A resource of a haresources group, with the line it was written on. */
public record ConfiguredResource(ResourceSpec spec, SourceLocation location) {

    public String id() {
        return spec.id();
    }
}
