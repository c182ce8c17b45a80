package org.jheartbeat.agent.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reading heartbeat's line-oriented files the same way everywhere. */
final class ConfigFiles {

    /** Far beyond any real ha.cf or haresources; a bigger file is a mistake, not a configuration. */
    static final long MAX_BYTES = 1024 * 1024;

    private ConfigFiles() {
    }

    /**
     * The file's lines, decoded leniently so that a stray Latin-1 byte in a comment does not stop a cluster.
     * A line holding a NUL character cannot be meant as configuration: it is reported and read as empty.
     */
    static List<String> readLines(Path file, Problems problems) throws IOException {
        List<String> lines = new ArrayList<>(decode(file));
        for (int index = 0; index < lines.size(); index++) {
            if (lines.get(index).indexOf('\0') >= 0) {
                problems.error(new SourceLocation(file, index + 1), "line holds a NUL character: is this a text file?");
                lines.set(index, "");
            }
        }
        return lines;
    }

    private static List<String> decode(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new IOException("file is " + size + " bytes, more than the " + MAX_BYTES + " a configuration "
                    + "file may have");
        }
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        return text.lines().toList();
    }

    /** A short reason for an I/O failure, without Java's exception class names. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
