package org.jheartbeat.resources.nfs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An NFS-Ganesha configuration file as ganesha-config(8) describes it: blocks {@code NAME { ... }} that may
 * nest and repeat ({@code EXPORT}), parameters {@code key = value[, value...];}, {@code #} comments, quoted
 * values. Block and parameter names are case-insensitive. Only what the resource needs is read from it.
 *
 * @param parameters the parameters of this block, keys in lower case, each with its values in order
 */
record GaneshaConfig(String name, Map<String, List<String>> parameters, List<GaneshaConfig> blocks) {

    GaneshaConfig {
        parameters = Map.copyOf(parameters);
        blocks = List.copyOf(blocks);
    }

    /** The file's top level: the blocks it contains. */
    static GaneshaConfig parse(String text, String origin) {
        Parser parser = new Parser(text, origin);
        return parser.body("", true);
    }

    List<GaneshaConfig> blocks(String blockName) {
        return blocks.stream().filter(block -> block.name.equalsIgnoreCase(blockName)).toList();
    }

    /** A parameter of this block, when it has exactly one value. */
    Optional<String> value(String key) {
        List<String> values = parameters.get(key.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** A parameter of the first top-level block of that name. */
    Optional<String> value(String blockName, String key) {
        return blocks(blockName).stream().findFirst().flatMap(block -> block.value(key));
    }

    private static final class Parser {
        private final String text;
        private final String origin;
        private int position;
        private int line = 1;

        Parser(String text, String origin) {
            this.text = text;
            this.origin = origin;
        }

        GaneshaConfig body(String name, boolean topLevel) {
            Map<String, List<String>> parameters = new LinkedHashMap<>();
            List<GaneshaConfig> blocks = new ArrayList<>();
            while (true) {
                String token = next();
                if (token == null) {
                    if (!topLevel) {
                        throw error("block " + name + " is not closed with '}'");
                    }
                    return new GaneshaConfig(name, parameters, blocks);
                }
                if (token.equals("}")) {
                    if (topLevel) {
                        throw error("'}' without a block to close");
                    }
                    skipOptional(";");
                    return new GaneshaConfig(name, parameters, blocks);
                }
                if (token.startsWith("%")) {
                    throw error(token + " is not supported here: keep the NFSV4 and EXPORT blocks in this file");
                }
                if (isPunctuation(token)) {
                    throw error("expected a block or parameter name, got '" + token + "'");
                }
                String after = next();
                if ("{".equals(after)) {
                    blocks.add(body(token, false));
                } else if ("=".equals(after)) {
                    parameters.put(token.toLowerCase(Locale.ROOT), values(token));
                } else {
                    throw error("expected '{' or '=' after '" + token + "', got "
                            + (after == null ? "the end of the file" : "'" + after + "'"));
                }
            }
        }

        private List<String> values(String key) {
            List<String> values = new ArrayList<>();
            while (true) {
                String value = next();
                if (value == null || isPunctuation(value)) {
                    throw error("expected a value for '" + key + "', got "
                            + (value == null ? "the end of the file" : "'" + value + "'"));
                }
                values.add(value.startsWith("\"") ? value.substring(1) : value);
                String separator = next();
                if (";".equals(separator)) {
                    return values;
                }
                if (!",".equals(separator)) {
                    throw error("expected ';' or ',' after the value of '" + key + "', got "
                            + (separator == null ? "the end of the file" : "'" + separator + "'"));
                }
            }
        }

        private void skipOptional(String wanted) {
            int savedPosition = position;
            int savedLine = line;
            if (!wanted.equals(next())) {
                position = savedPosition;
                line = savedLine;
            }
        }

        private static boolean isPunctuation(String token) {
            return token.length() == 1 && "{}=;,".contains(token);
        }

        /** The next token; a quoted string comes back with one leading '"' to tell it from punctuation. */
        private String next() {
            skipBlanksAndComments();
            if (position >= text.length()) {
                return null;
            }
            char c = text.charAt(position);
            if ("{}=;,".indexOf(c) >= 0) {
                position++;
                return String.valueOf(c);
            }
            if (c == '"' || c == '\'') {
                int end = text.indexOf(c, position + 1);
                if (end < 0) {
                    throw error("unterminated quoted value");
                }
                String quoted = text.substring(position + 1, end);
                line += (int) quoted.chars().filter(ch -> ch == '\n').count();
                position = end + 1;
                return "\"" + quoted;
            }
            int start = position;
            while (position < text.length() && !Character.isWhitespace(text.charAt(position))
                    && "{}=;,#\"'".indexOf(text.charAt(position)) < 0) {
                position++;
            }
            return text.substring(start, position);
        }

        private void skipBlanksAndComments() {
            while (position < text.length()) {
                char c = text.charAt(position);
                if (c == '\n') {
                    line++;
                    position++;
                } else if (Character.isWhitespace(c)) {
                    position++;
                } else if (c == '#') {
                    while (position < text.length() && text.charAt(position) != '\n') {
                        position++;
                    }
                } else {
                    return;
                }
            }
        }

        private IllegalArgumentException error(String message) {
            return new IllegalArgumentException(origin + " line " + line + ": " + message);
        }
    }
}
