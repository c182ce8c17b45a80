package org.jheartbeat.agent.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Short options as glibc's {@code getopt(3)} reads them, which cl_status's scripts rely on: options may come after
 * the operands (they are permuted), letters may be grouped ({@code -mv}), an option's argument may be glued to it
 * ({@code -pkeepalive}) or follow it, {@code --} ends the options. Errors are printed as getopt prints them, naming
 * {@code program}, when {@link #next()} reaches them.
 */
final class GnuGetopt {

    /** {@link #next()}'s answer for an unknown option or a missing argument, as getopt's {@code '?'}. */
    static final char ERROR = '?';
    /** {@link #next()}'s answer when no option is left. */
    static final char END = 0;

    private final String program;
    private final String optstring;
    private final PrintStream err;
    private final List<String> args;
    private final List<String> operands = new ArrayList<>();
    private int index;
    private int letter;
    private String argument;

    GnuGetopt(String program, String optstring, List<String> args, PrintStream err) {
        this.program = program;
        this.optstring = optstring;
        this.args = args;
        this.err = err;
    }

    /** The next option's letter, {@link #ERROR}, or {@link #END} once every argument is read. */
    char next() {
        argument = null;
        while (letter == 0) {
            if (index >= args.size()) {
                return END;
            }
            String arg = args.get(index++);
            if (arg.equals("--")) {
                operands.addAll(args.subList(index, args.size()));
                index = args.size();
            } else if (arg.startsWith("-") && arg.length() > 1) {
                letter = 1;
                index--;
            } else {
                operands.add(arg);
            }
        }
        String cluster = args.get(index);
        char option = cluster.charAt(letter++);
        boolean last = letter >= cluster.length();
        if (last) {
            letter = 0;
            index++;
        }
        int known = option == ':' ? -1 : optstring.indexOf(option);
        if (known < 0) {
            err.println(program + ": invalid option -- '" + option + "'");
            return ERROR;
        }
        if (known + 1 < optstring.length() && optstring.charAt(known + 1) == ':') {
            if (!last) {
                argument = cluster.substring(letter);
                letter = 0;
                index++;
            } else if (index < args.size()) {
                argument = args.get(index++);
            } else {
                err.println(program + ": option requires an argument -- '" + option + "'");
                return ERROR;
            }
        }
        return option;
    }

    /** The argument of the option {@link #next()} returned last. */
    String argument() {
        return argument;
    }

    /** The operands: every argument that is not an option, in order, once {@link #next()} returned {@link #END}. */
    List<String> operands() {
        return List.copyOf(operands);
    }
}
