package org.jheartbeat.agent.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean": the known word closest to a misspelt one, when it is close enough to be what was meant. */
public final class Spelling {

    private Spelling() {
    }

    /** The candidate within two edits (one for words of up to four letters), ignoring case; the closest first. */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        String lower = word.toLowerCase(Locale.ROOT);
        int allowed = lower.length() <= 4 ? 1 : 2;
        return candidates.stream().filter(candidate -> !candidate.equals(word))
                .filter(candidate -> distance(lower, candidate.toLowerCase(Locale.ROOT)) <= allowed)
                .min(Comparator.comparingInt((String candidate) -> distance(lower, candidate.toLowerCase(Locale.ROOT)))
                        .thenComparing(Comparator.naturalOrder()));
    }

    /** {@code " (did you mean 'x'?)"}, or nothing. */
    public static String didYouMean(String word, Collection<String> candidates) {
        return closest(word, candidates).map(candidate -> " (did you mean '" + candidate + "'?)").orElse("");
    }

    /** Edits (insert, delete, replace, swap of two neighbours) from one word to the other. */
    static int distance(String from, String to) {
        int[][] d = new int[from.length() + 1][to.length() + 1];
        for (int i = 0; i <= from.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= to.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= from.length(); i++) {
            for (int j = 1; j <= to.length(); j++) {
                int cost = from.charAt(i - 1) == to.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && from.charAt(i - 1) == to.charAt(j - 2) && from.charAt(i - 2) == to.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[from.length()][to.length()];
    }
}
