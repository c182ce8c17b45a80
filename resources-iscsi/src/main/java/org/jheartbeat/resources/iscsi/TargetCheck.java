package org.jheartbeat.resources.iscsi;

import java.util.ArrayList;
import java.util.List;

/** Compares what a target should serve with what is served: the one decision start and status rest on. */
final class TargetCheck {

    private TargetCheck() {
    }

    /** Every way {@code served} falls short of {@code wanted}, one phrase each; empty when it serves it all. */
    static List<String> shortcomings(TargetDefinition wanted, ServedTarget served) {
        List<String> problems = new ArrayList<>();
        if (!served.online()) {
            problems.add("target is offline");
        }
        for (Lun lun : wanted.luns()) {
            String path = served.luns().get(lun.number());
            if (path == null) {
                problems.add(lun + " is not served");
            } else if (!path.equals(lun.path())) {
                problems.add("LUN " + lun.number() + " serves " + path + " instead of " + lun.path());
            }
        }
        for (AllowedInitiator initiator : wanted.initiators()) {
            if (!served.initiators().contains(initiator.value())) {
                problems.add("initiator " + initiator + " is not allowed");
            }
        }
        wanted.chap().ifPresent(account -> {
            if (!served.accounts().contains(account.user())) {
                problems.add("CHAP user " + account.user() + " is not bound");
            }
        });
        return problems;
    }

    /** LUNs served that the definition does not have: start must not leave them, since it cannot tell whose they are. */
    static List<String> strangers(TargetDefinition wanted, ServedTarget served) {
        List<String> extra = new ArrayList<>();
        served.luns().forEach((number, path) -> {
            if (wanted.luns().stream().noneMatch(lun -> lun.number() == number)) {
                extra.add("LUN " + number + " (" + path + ") is served but not configured");
            }
        });
        return extra;
    }
}
