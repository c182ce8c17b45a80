package org.jheartbeat.resources.drbd;

import java.util.Optional;
import java.util.regex.Pattern;
import org.jheartbeat.resource.InvalidResourceException;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.ResourceType;

/** {@code drbddisk::<resource>}, or bare {@code drbddisk} (and {@code drbddisk::all}) for every resource. */
public final class DrbdDiskType implements ResourceType {

    public static final String NAME = "drbddisk";

    /** What drbd.conf accepts as a resource name without quoting. */
    private static final Pattern RESOURCE_NAME = Pattern.compile("[A-Za-z0-9_.+-]+");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Resource create(ResourceSpec spec, ResourceContext context) throws InvalidResourceException {
        if (spec.arguments().size() > 1) {
            throw new InvalidResourceException(spec.id() + ": drbddisk takes one argument, the DRBD resource name");
        }
        Optional<String> name = resourceName(spec);
        if (name.isPresent() && !RESOURCE_NAME.matcher(name.get()).matches()) {
            throw new InvalidResourceException(spec.id() + ": '" + name.get()
                    + "' is not a DRBD resource name (letters, digits and _.+- only)");
        }
        DrbdSettings settings;
        try {
            settings = DrbdSettings.from(context.settings());
        } catch (RuntimeException e) {
            throw new InvalidResourceException(spec.id() + ": jheartbeat.resources.drbd settings: " + e.getMessage());
        }
        return new DrbdDisk(spec, name, context, settings, context.host());
    }

    /** The resource a drbddisk spec names; empty for all of drbd.conf's resources, as heartbeat's drbddisk. */
    static Optional<String> resourceName(ResourceSpec spec) {
        return spec.arguments().isEmpty() || spec.arguments().get(0).equals("all") ? Optional.empty()
                : Optional.of(spec.arguments().get(0));
    }
}
