package org.jheartbeat.resources.iscsi;

/**
 * The incoming CHAP account initiators must authenticate with (ietd.conf's {@code IncomingUser user secret}).
 * The secret never appears in logs or messages.
 */
record ChapAccount(String user, String secret) {

    /** RFC 3720 11.1.4 asks for at least 12 bytes; initiators such as open-iscsi refuse shorter ones. */
    static final int MIN_SECRET_LENGTH = 12;
    static final int MAX_SECRET_LENGTH = 16;

    ChapAccount {
        if (user.isBlank() || user.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("CHAP user '" + user + "' must be one word");
        }
        if (secret.length() < MIN_SECRET_LENGTH || secret.length() > MAX_SECRET_LENGTH
                || secret.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("CHAP secret of user " + user + " must be " + MIN_SECRET_LENGTH
                    + " to " + MAX_SECRET_LENGTH + " characters without blanks");
        }
    }

    @Override
    public String toString() {
        return "ChapAccount[user=" + user + "]";
    }
}
