package org.jheartbeat.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jheartbeat.resource.CommandResult;
import org.junit.jupiter.api.Test;

/**
 * Debian's own checker on the package: no error and no warning. Every override lives in
 * /usr/share/lintian/overrides/jheartbeat with the reason above it. Pedantic, informational and experimental
 * tags are printed for the reader but do not fail the build.
 */
class LintianTest {

    @Test
    void packageHasNoLintianErrorsOrWarnings() {
        CommandResult lintian = BuiltPackage.run("lintian", "--fail-on", "error,warning", "--pedantic", "--info",
                "--display-experimental", "--show-overrides", BuiltPackage.deb().toString());
        System.out.println("lintian " + BuiltPackage.deb().getFileName() + " (" + lintian.elapsed().toMillis()
                + " ms):\n" + lintian.stdout() + lintian.stderr());

        List<String> complaints = lintian.stdout().lines().filter(line -> line.matches("^[EW]: .*")).toList();
        assertThat(complaints).as("lintian errors and warnings").isEmpty();
        assertThat(lintian.exitCode()).as(lintian.describe()).isZero();
    }
}
