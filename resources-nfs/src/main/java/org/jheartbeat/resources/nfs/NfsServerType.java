package org.jheartbeat.resources.nfs;

import org.jheartbeat.resource.InvalidResourceException;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.ResourceType;
import org.jheartbeat.resource.host.Host;

/** A haresources name for an NFS server, bound to the backend that serves it. */
public final class NfsServerType implements ResourceType {

    /** Makes the backend for one resource, checking its arguments and settings. */
    @FunctionalInterface
    interface BackendFactory {
        NfsBackend create(ResourceSpec spec, ResourceContext context, Host host)
                throws InvalidResourceException;
    }

    private final String name;
    private final BackendFactory factory;
    NfsServerType(String name, BackendFactory factory) {
        this.name = name;
        this.factory = factory;
    }

    /** {@code nfs-kernel-server[::SHARED_STATE_DIRECTORY[::NOTIFY_NAME]]}: the kernel's nfsd. */
    static NfsServerType kernel() {
        return new NfsServerType(KernelNfsBackend.TYPE_NAME, KernelNfsBackend::create);
    }

    /** {@code nfs-ganesha[::CONFIG_FILE]}: the userspace NFS-Ganesha server. */
    static NfsServerType ganesha() {
        return new NfsServerType(GaneshaBackend.TYPE_NAME, GaneshaBackend::create);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Resource create(ResourceSpec spec, ResourceContext context) throws InvalidResourceException {
        return new NfsServerResource(spec, factory.create(spec, context, context.host()));
    }
}
