package org.jheartbeat.agent.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The terminal's width for watch mode: the kernel's window size of standard output (TIOCGWINSZ, asked again at each
 * redraw, so a resized window is followed), else $COLUMNS, else 80; long lines are cut.
 */
record TerminalWidth(int columns) {

    private static final int STANDARD_OUTPUT = 1;
    private static final int NARROWEST = 20;

    interface Libc extends Library {
        int ioctl(int fd, long request, short[] windowSize);
    }

    static TerminalWidth current() {
        int columns = windowColumns();
        if (columns > 0) {
            return new TerminalWidth(Math.max(NARROWEST, columns));
        }
        String named = System.getenv("COLUMNS");
        try {
            return new TerminalWidth(named == null ? 80 : Math.max(NARROWEST, Integer.parseInt(named.trim())));
        } catch (NumberFormatException e) {
            return new TerminalWidth(80);
        }
    }

    /** struct winsize's ws_col for standard output, or 0 where it is no terminal or the call is not there. */
    private static int windowColumns() {
        try {
            short[] windowSize = new short[4];
            int result = Holder.LIBC.ioctl(STANDARD_OUTPUT, windowSizeRequest(), windowSize);
            return result == 0 ? Short.toUnsignedInt(windowSize[1]) : 0;
        } catch (LinkageError | RuntimeException e) {
            return 0;
        }
    }

    /** TIOCGWINSZ: the generic value, or the one of the architectures whose ioctl numbers follow BSD's. */
    private static long windowSizeRequest() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return arch.startsWith("ppc") || arch.startsWith("mips") || arch.startsWith("sparc") ? 0x40087468L : 0x5413L;
    }

    /** glibc, loaded on the first redraw only: a plain status query never pays for JNA. */
    private static final class Holder {
        static final Libc LIBC = Native.load("c", Libc.class);
    }

    String fit(String text) {
        return text.lines().map(line -> line.replace("\t", "  "))
                .map(line -> line.length() > columns ? line.substring(0, columns) : line)
                .collect(Collectors.joining("\n", "", "\n"));
    }
}
