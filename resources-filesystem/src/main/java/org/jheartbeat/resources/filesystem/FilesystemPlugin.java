package org.jheartbeat.resources.filesystem;

import java.util.List;
import org.jheartbeat.resource.ResourcePlugin;
import org.jheartbeat.resource.ResourceType;

/** Contributes the {@code Filesystem} resource type. */
public final class FilesystemPlugin extends ResourcePlugin {

    @Override
    protected Iterable<ResourceType> types() {
        return List.of(new FilesystemType());
    }
}
