package org.jheartbeat.agent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads authkeys: {@code auth N} names the key this node signs with, and each {@code N crc|md5|sha1 [secret]}
 * line defines one. Like heartbeat, the file must not be readable by group or others; and it must belong to
 * the user the agent runs as (root), since whoever can rewrite it can join the cluster.
 */
final class AuthKeysParser {

    private AuthKeysParser() {
    }

    /**
     * @param requiredOwner the user that must own the file: root for the daemon
     */
    static Optional<AuthKeys> parse(Path file, String requiredOwner, Problems problems) {
        SourceLocation whole = SourceLocation.wholeFile(file);
        if (!permissionsSafe(file, requiredOwner, problems)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = ConfigFiles.readLines(file, problems);
        } catch (IOException e) {
            problems.error(whole, "cannot read authkeys: " + ConfigFiles.reason(e));
            return Optional.empty();
        }
        Integer active = null;
        SourceLocation activeAt = null;
        Map<Integer, AuthKeys.AuthKey> keys = new HashMap<>();
        boolean valid = true;
        for (int index = 0; index < lines.size(); index++) {
            SourceLocation at = new SourceLocation(file, index + 1);
            String content = lines.get(index).strip();
            if (content.isEmpty() || content.startsWith("#")) {
                continue;
            }
            String[] words = content.split("\\s+");
            if (words[0].equals("auth")) {
                Optional<Integer> number = words.length == 2 ? keyIndex(words[1]) : Optional.empty();
                if (number.isEmpty()) {
                    problems.error(at, "the auth line must be 'auth N' with N from 0 to " + AuthKeys.MAX_INDEX);
                    valid = false;
                } else {
                    if (active != null) {
                        problems.warning(at, "auth is given again; this replaces line " + activeAt.line());
                    }
                    active = number.get();
                    activeAt = at;
                }
                continue;
            }
            Optional<AuthKeys.AuthKey> key = key(at, words, problems);
            if (key.isEmpty()) {
                valid = false;
            } else if (keys.put(key.get().index(), key.get()) != null) {
                problems.warning(at, "key " + key.get().index() + " is defined again; this line replaces the "
                        + "earlier one");
            }
        }
        if (active == null) {
            problems.error(whole, "no 'auth N' line: add one naming the key to use, e.g. auth 1");
            return Optional.empty();
        }
        if (!keys.containsKey(active)) {
            problems.error(activeAt, "auth " + active + " names no key: add a line '" + active + " sha1 SECRET'");
            return Optional.empty();
        }
        AuthKeys.AuthKey chosen = keys.get(active);
        if (chosen.method() == AuthKeys.Method.CRC) {
            problems.warning(chosen.location(), "crc authenticates nothing: any host on the network can join; use "
                    + "'" + active + " sha1 SECRET' with a long random secret");
        }
        return valid ? Optional.of(new AuthKeys(active, keys)) : Optional.empty();
    }

    private static Optional<AuthKeys.AuthKey> key(SourceLocation at, String[] words, Problems problems) {
        Optional<Integer> number = keyIndex(words[0]);
        if (number.isEmpty()) {
            problems.error(at, "a key line must start with its number 0-" + AuthKeys.MAX_INDEX + ": N sha1 SECRET");
            return Optional.empty();
        }
        if (words.length < 2) {
            problems.error(at, "key " + number.get() + " has no method: write crc, md5 or sha1 after the number");
            return Optional.empty();
        }
        AuthKeys.Method method;
        try {
            method = AuthKeys.Method.valueOf(words[1].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.error(at, "key " + number.get() + ": unknown method '" + words[1] + "' (crc, md5 or sha1)");
            return Optional.empty();
        }
        if (words.length > 3) {
            problems.error(at, "key " + number.get() + ": the secret must be one word without blanks");
            return Optional.empty();
        }
        String secret = words.length == 3 ? words[2] : "";
        if (method == AuthKeys.Method.CRC && !secret.isEmpty()) {
            problems.error(at, "key " + number.get() + ": crc takes no secret");
            return Optional.empty();
        }
        if (method != AuthKeys.Method.CRC && secret.isEmpty()) {
            problems.error(at, "key " + number.get() + ": " + method.word() + " needs a secret after the method");
            return Optional.empty();
        }
        return Optional.of(new AuthKeys.AuthKey(number.get(), method, secret, at));
    }

    private static Optional<Integer> keyIndex(String word) {
        try {
            int number = Integer.parseInt(word);
            return number >= 0 && number <= AuthKeys.MAX_INDEX ? Optional.of(number) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean permissionsSafe(Path file, String requiredOwner, Problems problems) {
        SourceLocation whole = SourceLocation.wholeFile(file);
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isSymbolicLink()) {
                attributes = Files.readAttributes(file, PosixFileAttributes.class);
            }
        } catch (IOException e) {
            problems.error(whole, "cannot read authkeys: " + ConfigFiles.reason(e));
            return false;
        }
        boolean safe = true;
        Set<PosixFilePermission> permissions = attributes.permissions();
        if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)
                || permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            problems.error(whole, "authkeys is readable or writable by others (mode "
                    + PosixFilePermissions.toString(permissions)
                    + "): run chmod 600 " + file);
            safe = false;
        }
        String owner = attributes.owner().getName();
        if (!owner.equals(requiredOwner)) {
            problems.error(whole, "authkeys belongs to " + owner + ", not " + requiredOwner + ": run chown "
                    + requiredOwner + " " + file);
            safe = false;
        }
        return safe;
    }
}
