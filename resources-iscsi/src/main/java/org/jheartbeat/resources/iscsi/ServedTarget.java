package org.jheartbeat.resources.iscsi;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a backend reports the kernel or daemon serving for one target, in the configuration's terms.
 *
 * @param luns       backing path by LUN number as the configuration numbers LUNs
 * @param initiators the access rules in force, as the backend prints them ({@code ALL}, addresses, names)
 * @param accounts   the incoming CHAP users bound to the target
 * @param sessions   how many initiator connections are open
 * @param online     false when the target exists but refuses I/O (tgt's {@code State: offline})
 */
record ServedTarget(IscsiName name, Map<Integer, String> luns, List<String> initiators, List<String> accounts,
                    int sessions, boolean online) {

    ServedTarget {
        luns = new TreeMap<>(luns);
        initiators = List.copyOf(initiators);
        accounts = List.copyOf(accounts);
    }
}
