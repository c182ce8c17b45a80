package org.jheartbeat.resources.ipaddr;

/**
 * Tool output recorded on Debian 12 inside network namespaces by {@code src/test/resources/recorded/record.sh}:
 * for each command NAME its {@code NAME.stdout}, {@code NAME.stderr} and exit code {@code NAME.rc}. Those are
 * read with the shared {@link org.jheartbeat.testsupport.Recorded}; only the file names are this module's own.
 */
final class Recorded {

    private Recorded() {
    }

    static String stdout(String name) {
        return org.jheartbeat.testsupport.Recorded.text(name + ".stdout");
    }

    static String stderr(String name) {
        return org.jheartbeat.testsupport.Recorded.text(name + ".stderr");
    }

    static int exitCode(String name) {
        return Integer.parseInt(org.jheartbeat.testsupport.Recorded.text(name + ".rc").strip());
    }
}
