package org.jheartbeat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

class StatusRunTest {

    /** The help options every hbctl command inherits: always picocli's to answer. */
    private static final Set<String> HELP = Set.of("-h", "--help", "-V", "--version");

    @Test
    void fastParserTakesExactlyTheOptionsPicocliDeclaresLeavingHelpToPicocli() {
        CommandLine status = Hbctl.commandLine("status").getSubcommands().get("status");
        Set<String> declared = status.getCommandSpec().options().stream().flatMap(option -> Stream.of(option.names()))
                .collect(Collectors.toSet());
        assertThat(declared).containsAll(HELP);
        assertThat(declared.stream().filter(name -> !HELP.contains(name)).collect(Collectors.toSet()))
                .isEqualTo(StatusRun.OPTIONS);
        for (String help : HELP) {
            assertThat(StatusRun.parse(List.of(help))).as(help).isEmpty();
        }
    }

    @Test
    void plainUseIsParsedWithoutPicocli() {
        assertThat(StatusRun.parse(List.of())).contains(new StatusRun("text", false, 2, null));
        assertThat(StatusRun.parse(List.of("--json", "--socket", "/tmp/s"))).contains(new StatusRun("json", false, 2,
                Path.of("/tmp/s")));
        assertThat(StatusRun.parse(List.of("-w", "-i", "0.5", "--xml"))).contains(new StatusRun("xml", true, 0.5,
                null));
    }

    @Test
    void anythingElseIsLeftToPicocliToExplain() {
        for (List<String> args : List.of(List.of("--xml", "--json"), List.of("--help"), List.of("-i"),
                List.of("-i", "soon"), List.of("--socket"), List.of("extra"))) {
            assertThat(StatusRun.parse(args)).as("%s", args).isEqualTo(Optional.empty());
        }
        assertThat(Hbctl.commandLine("status").execute("status", "--xml", "--json")).isEqualTo(HbctlExit.USAGE);
    }

    @Test
    void aWatchIntervalThatIsNoPositiveNumberIsAUsageError() {
        for (String interval : List.of("0", "-1", "-0.5", "NaN", "Infinity")) {
            assertThat(StatusRun.parse(List.of("-w", "-i", interval))).as(interval).isEmpty();
            StringWriter err = new StringWriter();
            CommandLine hbctl = Hbctl.commandLine("status").setErr(new PrintWriter(err));
            assertThat(hbctl.execute("status", "-w", "--interval", interval)).as(interval).isEqualTo(HbctlExit.USAGE);
            assertThat(err.toString()).as(interval).contains("--interval must be a positive number of seconds");
        }
    }
}
