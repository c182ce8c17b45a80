package org.jheartbeat.resources.nfs;

import java.util.Optional;

/** The name sm-notify puts in its reboot notifications: the host name or address clients mounted. */
final class NotifyName {

    private NotifyName() {
    }

    /** @throws IllegalArgumentException unless empty or a host name or IP address */
    static Optional<String> parse(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (!text.matches("[A-Za-z0-9][A-Za-z0-9.:-]*")) {
            throw new IllegalArgumentException("notify name must be a host name or IP address, got '" + text + "'");
        }
        return Optional.of(text);
    }
}
