package org.jheartbeat.agent.scripts;

import java.util.Objects;
import java.util.Optional;
import org.jheartbeat.resource.ResourceType;

/**
 * Where a haresources type name led, for {@code hbctl config check} and error messages.
 *
 * @param typeName the name as written
 * @param origin   what kind of type it resolved to, or {@link Origin#UNRESOLVED}
 * @param type     the type, present unless unresolved
 * @param detail   for scripts the file; for a plugin type its class; when unresolved, every place looked at
 *                 and why it did not fit
 */
public record Resolution(String typeName, Origin origin, Optional<ResourceType> type, String detail) {

    public enum Origin {
        PLUGIN,
        RESOURCE_D,
        INIT_D,
        OCF,
        UNRESOLVED
    }

    public Resolution {
        Objects.requireNonNull(typeName, "typeName");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(detail, "detail");
        if (type.isPresent() == (origin == Origin.UNRESOLVED)) {
            throw new IllegalArgumentException("a type is present exactly when resolved: " + origin + " " + type);
        }
    }

    public boolean resolved() {
        return type.isPresent();
    }

    /** One line, e.g. {@code nfs-kernel-server: LSB init script /etc/init.d/nfs-kernel-server}. */
    public String describe() {
        String what = switch (origin) {
            case PLUGIN -> "plugin type";
            case RESOURCE_D -> "heartbeat resource script";
            case INIT_D -> "LSB init script";
            case OCF -> "OCF agent";
            case UNRESOLVED -> "cannot be resolved:";
        };
        return typeName + ": " + what + " " + detail;
    }
}
