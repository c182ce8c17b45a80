package org.jheartbeat.resources.iscsi;

import java.util.List;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.OperationAbort;
import org.jheartbeat.resource.OperationTools;

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

    /**
     * Runs a command that carries this account's secret and insists that it succeeds. The secret is masked in
     * every log line, and a failure is reported as {@code what} with the tool's own words, not with the command.
     */
    void install(OperationTools tools, Deadline deadline, List<String> argv, String what) throws OperationAbort {
        CommandResult result = tools.complete(deadline, tools.command(argv).withSecret(secret));
        if (!result.succeeded()) {
            String said = result.said();
            throw tools.failure(result, what + " failed (exit " + result.exitCode() + ")"
                    + (said.isEmpty() ? "" : ": " + said));
        }
    }

    @Override
    public String toString() {
        return "ChapAccount[user=" + user + "]";
    }
}
