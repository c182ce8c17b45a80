package org.jheartbeat.resources.filesystem;

import org.jheartbeat.resource.InvalidResourceException;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.ResourceType;

/** heartbeat's {@code Filesystem::device::mountpoint::fstype[::options]}. */
public final class FilesystemType implements ResourceType {

    public static final String NAME = "Filesystem";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Resource create(ResourceSpec spec, ResourceContext context) throws InvalidResourceException {
        FilesystemArguments arguments = FilesystemArguments.parse(spec);
        FilesystemSettings settings;
        try {
            settings = FilesystemSettings.forMountPoint(context.settings(), arguments.mountPoint());
        } catch (IllegalArgumentException e) {
            throw new InvalidResourceException(spec.id() + ": " + e.getMessage());
        }
        return new FilesystemResource(spec, arguments, settings, context.commands(), context.host(),
                FilesystemPreflight.of(context.host()));
    }
}
