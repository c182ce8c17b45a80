package org.jheartbeat.e2e;

import java.util.List;

/**
 * What a heartbeat site runs on the two-node cluster of a {@link SiteLab}: its group is
 * {@code alpha IPaddr::10.79.0.100/24/eth0} followed by its own scripts ({@code site-script} under their names), with
 * its own lines added to ha.cf.
 */
public interface Site {

    /** The site's resources after the virtual address, as haresources names them. */
    List<String> resources();

    /** The site's scripts in the node's resource.d: by default every resource that is no init script. */
    default List<String> resourceScripts(String node) {
        return resources().stream().filter(name -> !initScripts(node).contains(name)).toList();
    }

    default List<String> initScripts(String node) {
        return List.of();
    }

    default List<String> haCfLines() {
        return List.of();
    }

    /** Scripts in resource.d and nothing else. */
    static Site of(String... resources) {
        List<String> names = List.of(resources);
        return () -> names;
    }
}
