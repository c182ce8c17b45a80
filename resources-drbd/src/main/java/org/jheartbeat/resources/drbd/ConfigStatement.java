package org.jheartbeat.resources.drbd;

import java.nio.file.Path;
import java.util.List;

/**
 * One statement of drbd.conf's block syntax: {@code keyword arg... ;} or {@code keyword arg... { body }}.
 * All DRBD generations share this shape, which is what lets one parser read 0.7, 8.x and 9.x files.
 *
 * @param body the statements inside braces, or null for a statement ended by {@code ;}
 */
record ConfigStatement(String keyword, List<String> arguments, List<ConfigStatement> body, Path file, int line) {

    ConfigStatement {
        arguments = List.copyOf(arguments);
        body = body == null ? null : List.copyOf(body);
    }

    boolean isBlock() {
        return body != null;
    }

    String where() {
        return file + ":" + line;
    }
}
