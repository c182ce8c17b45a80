package org.jheartbeat.resources.iscsi;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one target resource serves: its name, LUNs, who may log in, and the optional CHAP account.
 *
 * @param origin where the definition came from, for messages ({@code haresources} or {@code /etc/ietd.conf:3})
 */
record TargetDefinition(IscsiName name, List<Lun> luns, List<AllowedInitiator> initiators,
                        Optional<ChapAccount> chap, String origin) {

    TargetDefinition {
        luns = List.copyOf(luns);
        initiators = List.copyOf(initiators);
        if (luns.isEmpty()) {
            throw new IllegalArgumentException("target " + name + " has no LUN");
        }
        Set<Integer> numbers = new HashSet<>();
        Set<String> paths = new HashSet<>();
        for (Lun lun : luns) {
            if (!numbers.add(lun.number())) {
                throw new IllegalArgumentException("target " + name + ": LUN " + lun.number() + " defined twice");
            }
            if (!paths.add(lun.path())) {
                throw new IllegalArgumentException("target " + name + ": " + lun.path() + " backs two LUNs");
            }
        }
        if (initiators.isEmpty()) {
            throw new IllegalArgumentException("target " + name + ": no initiator allowed (use ALL for everyone)");
        }
        if (initiators.size() > 1 && initiators.contains(AllowedInitiator.EVERYONE)) {
            throw new IllegalArgumentException("target " + name + ": ALL together with single initiators "
                    + initiators + " is ambiguous");
        }
    }

    boolean openToEveryone() {
        return initiators.contains(AllowedInitiator.EVERYONE);
    }
}
