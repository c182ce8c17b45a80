package org.jheartbeat.testsupport;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.CommandRunner;

/**
 * A strict scripted {@link CommandRunner}: each expected command line (matched by its argv prefix) answers
 * with recorded tool output, and a command nobody expected fails the test at once instead of being answered
 * with a guess. Every call is recorded in order.
 *
 * <pre>
 * runner.on("ip", "-j", "addr", "show").answer(0, recordedJson);
 * runner.on("drbdadm", "primary", "r0").answer(11, "", "r0: State change failed: (-1) Multiple primaries not allowed by config");
 * </pre>
 */
public final class FakeCommandRunner implements CommandRunner {

    private final List<Rule> rules = new ArrayList<>();
    private final List<Command> calls = new ArrayList<>();

    /** Starts a rule for commands whose argv begins with {@code argvPrefix}; later rules win over earlier ones. */
    public Rule on(String... argvPrefix) {
        Rule rule = new Rule(List.of(argvPrefix));
        rules.add(0, rule);
        return rule;
    }

    @Override
    public synchronized CommandResult run(Command command) {
        calls.add(command);
        for (Rule rule : rules) {
            if (rule.matches(command)) {
                return rule.next(command);
            }
        }
        throw new AssertionError("unexpected command: " + command.display() + "\nexpected one of: " + rules);
    }

    /** Every command run so far, in order. */
    public synchronized List<Command> calls() {
        return List.copyOf(calls);
    }

    /** The command lines run so far, as a person would type them. */
    public synchronized List<String> commandLines() {
        return calls.stream().map(Command::display).toList();
    }

    public static final class Rule {
        private final List<String> prefix;
        private final Deque<Function<Command, CommandResult>> answers = new ArrayDeque<>();

        private Rule(List<String> prefix) {
            this.prefix = prefix;
        }

        /** Answers with exit code and stdout; stderr empty. Several answers are given in turn, the last repeats. */
        public Rule answer(int exitCode, String stdout) {
            return answer(exitCode, stdout, "");
        }

        public Rule answer(int exitCode, String stdout, String stderr) {
            return answerWith(command -> new CommandResult(command, exitCode, stdout, stderr, Duration.ZERO,
                    false, false));
        }

        /** Answers as a command that ran into its timeout and was killed. */
        public Rule timeOut() {
            return answerWith(command -> new CommandResult(command, -1, "", "", command.timeout(), true, false));
        }

        /** Answers by running {@code behaviour}, e.g. to change a simulated state and report it. */
        public Rule answerWith(Function<Command, CommandResult> behaviour) {
            answers.addLast(behaviour);
            return this;
        }

        private boolean matches(Command command) {
            return command.argv().size() >= prefix.size() && command.argv().subList(0, prefix.size()).equals(prefix);
        }

        private CommandResult next(Command command) {
            if (answers.isEmpty()) {
                throw new AssertionError("no answer scripted for " + command.display());
            }
            Function<Command, CommandResult> answer = answers.size() > 1 ? answers.pollFirst() : answers.peekFirst();
            return answer.apply(command);
        }

        @Override
        public String toString() {
            return String.join(" ", prefix) + " …";
        }
    }
}
