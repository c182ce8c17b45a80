package org.jheartbeat.resources.drbd;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Tokenizes and parses drbd.conf into {@link ConfigStatement}s, following {@code include "glob";} statements
 * (relative to the including file's directory, as drbdadm resolves them; a glob that matches nothing is
 * skipped, as drbdadm does). Tokens are words, quoted strings, braces and semicolons; {@code #} starts a
 * comment.
 */
final class ConfigReader {

    private static final int MAX_INCLUDE_DEPTH = 8;

    private final Path file;
    private final String text;
    private final int depth;
    private int position;
    private int line = 1;

    private ConfigReader(Path file, String text, int depth) {
        this.file = file;
        this.text = text;
        this.depth = depth;
    }

    static List<ConfigStatement> read(Path file) throws DrbdConfigException {
        return read(file, 0, file + ":1");
    }

    private static List<ConfigStatement> read(Path file, int depth, String includedFrom) throws DrbdConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            // NoSuchFileException's message is the bare path: say what it means.
            throw new DrbdConfigException(includedFrom + ": cannot read " + file + ": "
                    + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()));
        }
        ConfigReader reader = new ConfigReader(file, text, depth);
        List<ConfigStatement> statements = reader.statements();
        if (reader.peek() != null) {
            throw reader.error("unexpected '" + reader.peek() + "' (a '}' without its '{'?)");
        }
        return statements;
    }

    private List<ConfigStatement> statements() throws DrbdConfigException {
        List<ConfigStatement> statements = new ArrayList<>();
        for (String token = peek(); token != null && !token.equals("}"); token = peek()) {
            skipBlanksAndComments();
            int statementLine = line;
            String keyword = next();
            if (keyword.equals("{") || keyword.equals(";")) {
                throw error("expected a keyword, found '" + keyword + "'");
            }
            List<String> arguments = new ArrayList<>();
            String separator = next();
            while (separator != null && !separator.equals(";") && !separator.equals("{")) {
                if (separator.equals("}")) {
                    throw error("missing ';' after '" + keyword + "'");
                }
                arguments.add(unquote(separator));
                separator = next();
            }
            if (separator == null) {
                throw error("'" + keyword + "' (line " + statementLine + ") is not ended by ';' or a block");
            }
            if (separator.equals("{")) {
                List<ConfigStatement> body = statements();
                if (!"}".equals(next())) {
                    throw error("block '" + keyword + "' opened on line " + statementLine + " is not closed");
                }
                statements.add(new ConfigStatement(keyword, arguments, body, file, statementLine));
            } else if (keyword.equals("include")) {
                statements.addAll(include(arguments, statementLine));
            } else {
                statements.add(new ConfigStatement(keyword, arguments, null, file, statementLine));
            }
        }
        return statements;
    }

    private List<ConfigStatement> include(List<String> arguments, int statementLine) throws DrbdConfigException {
        String where = file + ":" + statementLine;
        if (arguments.size() != 1) {
            throw new DrbdConfigException(where + ": include takes one file pattern");
        }
        if (depth >= MAX_INCLUDE_DEPTH) {
            throw new DrbdConfigException(where + ": includes nested more than " + MAX_INCLUDE_DEPTH + " deep (a loop?)");
        }
        Path pattern = file.toAbsolutePath().getParent().resolve(arguments.get(0)).normalize();
        Path directory = pattern.getParent();
        List<ConfigStatement> included = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return included;
        }
        TreeSet<Path> matches = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, pattern.getFileName().toString())) {
            entries.forEach(matches::add);
        } catch (IOException e) {
            throw new DrbdConfigException(where + ": cannot list " + directory + ": " + e.getMessage());
        }
        for (Path match : matches) {
            included.addAll(read(match, depth + 1, where));
        }
        return included;
    }

    private static String unquote(String token) {
        return token.startsWith("\"") ? token.substring(1, token.length() - 1) : token;
    }

    private DrbdConfigException error(String message) {
        return new DrbdConfigException(file + ":" + line + ": " + message);
    }

    private String peek() throws DrbdConfigException {
        int savedPosition = position;
        int savedLine = line;
        String token = next();
        position = savedPosition;
        line = savedLine;
        return token;
    }

    /** The next token, quoted strings with their quotes and escapes resolved inside; null at the end. */
    private String next() throws DrbdConfigException {
        skipBlanksAndComments();
        if (position >= text.length()) {
            return null;
        }
        char c = text.charAt(position);
        if (c == '{' || c == '}' || c == ';') {
            position++;
            return String.valueOf(c);
        }
        if (c == '"') {
            return quoted();
        }
        int start = position;
        while (position < text.length() && !isDelimiter(text.charAt(position))) {
            position++;
        }
        return text.substring(start, position);
    }

    private String quoted() throws DrbdConfigException {
        int startLine = line;
        StringBuilder value = new StringBuilder("\"");
        position++;
        while (position < text.length() && text.charAt(position) != '"') {
            char c = text.charAt(position++);
            if (c == '\n') {
                line++;
            }
            if (c == '\\' && position < text.length()) {
                c = text.charAt(position++);
            }
            value.append(c);
        }
        if (position >= text.length()) {
            throw new DrbdConfigException(file + ":" + startLine + ": string is not closed by '\"'");
        }
        position++;
        return value.append('"').toString();
    }

    private void skipBlanksAndComments() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c == '#') {
                while (position < text.length() && text.charAt(position) != '\n') {
                    position++;
                }
            } else if (Character.isWhitespace(c)) {
                if (c == '\n') {
                    line++;
                }
                position++;
            } else {
                return;
            }
        }
    }

    private static boolean isDelimiter(char c) {
        return Character.isWhitespace(c) || c == '{' || c == '}' || c == ';' || c == '"' || c == '#';
    }
}
