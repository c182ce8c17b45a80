package org.jheartbeat.resource;

import java.util.List;
import java.util.Objects;

/**
 * One resource as a haresources line names it: {@code Type::arg1::arg2}, or a bare {@code name}.
 *
 * @param type      the resource type as written ({@code IPaddr}, {@code drbddisk}, {@code nfs-kernel-server})
 * @param arguments the {@code ::}-separated arguments, in order; empty for a bare name
 */
public record ResourceSpec(String type, List<String> arguments) {

    public static final String SEPARATOR = "::";

    public ResourceSpec {
        Objects.requireNonNull(type, "type");
        if (type.isEmpty()) {
            throw new IllegalArgumentException("resource type is empty");
        }
        arguments = List.copyOf(arguments);
    }

    /** Splits a haresources token such as {@code Filesystem::/dev/drbd0::/data::ext3}. */
    public static ResourceSpec parse(String token) {
        String[] parts = token.split(SEPARATOR, -1);
        return new ResourceSpec(parts[0], List.of(parts).subList(1, parts.length));
    }

    /** The token as heartbeat writes it, which is also the resource's identity within the cluster. */
    public String id() {
        return arguments.isEmpty() ? type : type + SEPARATOR + String.join(SEPARATOR, arguments);
    }

    @Override
    public String toString() {
        return id();
    }
}
