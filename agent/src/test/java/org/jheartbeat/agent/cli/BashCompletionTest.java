package org.jheartbeat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jheartbeat.agent.control.HeartbeatParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The completion scripts the package installs name every subcommand and option of hbctl's command tree and of
 * cl_status, and bash, sourcing them, offers those words where a user presses Tab.
 */
class BashCompletionTest {

    @TempDir
    Path dir;

    @Test
    void hbctlScriptNamesEverySubcommandAndOption() {
        String script = BashCompletion.hbctl();

        List<String> words = new ArrayList<>();
        collectWords(Hbctl.commandLine().getCommandSpec(), words);
        assertThat(words).contains("status", "standby", "takeover", "resource", "cleanup", "metrics", "history",
                "simulate", "config", "check", "--watch", "--interval", "--socket", "--config-dir");
        for (String word : words) {
            assertThat(script).as(word).contains(word);
        }
        assertThat(script).doesNotStartWith("#!");
    }

    @Test
    void bashOffersHbctlSubcommandsAndOptions() throws Exception {
        Path script = write("hbctl", BashCompletion.hbctl());

        assertThat(complete(script, "hbctl", "hbctl", "")).contains("status", "standby", "takeover", "resource",
                "metrics", "history", "simulate", "config", "help");
        assertThat(complete(script, "hbctl", "hbctl", "st")).containsExactlyInAnyOrder("status", "standby");
        assertThat(complete(script, "hbctl", "hbctl", "status", "--")).contains("--watch", "--interval", "--xml",
                "--json", "--socket");
        assertThat(complete(script, "hbctl", "hbctl", "config", "")).contains("check");
        assertThat(complete(script, "hbctl", "hbctl", "config", "check", "--")).contains("--config-dir",
                "--settings", "--node");
    }

    @Test
    void bashOffersClStatusSubCommandsOptionsAndParameters() throws Exception {
        Path script = write("cl_status", BashCompletion.clStatus());

        assertThat(complete(script, "cl_status", "cl_status", "")).containsAll(ClStatus.subCommandOptions().keySet());
        assertThat(complete(script, "cl_status", "cl_status", "list")).containsExactlyInAnyOrder("listnodes",
                "listhblinks");
        assertThat(complete(script, "cl_status", "cl_status", "listnodes", "-")).contains("-p", "-n", "-v");
        assertThat(complete(script, "cl_status", "cl_status", "hbparameter", "-p", ""))
                .containsAll(HeartbeatParameters.names()).contains("deadtime", "hbversion");
    }

    @Test
    void bashOffersTheHandoverScopes() throws Exception {
        Path script = write("hb_standby", BashCompletion.handover());

        assertThat(complete(script, "hb_standby", "hb_standby", "")).containsExactlyInAnyOrder("all", "foreign",
                "local", "failback");
        assertThat(complete(script, "hb_takeover", "hb_takeover", "f")).containsExactlyInAnyOrder("foreign",
                "failback");
    }

    @Test
    void theCommandsEachHaveAFileOfTheirName() {
        assertThat(BashCompletion.scripts()).containsOnlyKeys("hbctl", "cl_status", "hb_standby", "hb_takeover");
    }

    private static void collectWords(CommandSpec command, List<String> words) {
        for (OptionSpec option : command.options()) {
            words.addAll(List.of(option.names()));
        }
        command.subcommands().forEach((name, sub) -> {
            words.add(name);
            collectWords(sub.getCommandSpec(), words);
        });
    }

    private Path write(String name, String script) throws IOException {
        return Files.writeString(dir.resolve(name), script);
    }

    /** What the command's completion function leaves in COMPREPLY for the words typed, the last being completed. */
    private static List<String> complete(Path script, String command, String... typed) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
        String run = """
                # compopt works only while bash itself runs a completion; here it has nothing to set.
                compopt() { :; }
                . "$1" || exit 9
                function=$(complete -p "$2" | sed -E 's/.* -F ([^ ]+) .*/\\1/')
                shift 2
                COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
                "$function" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
                printf '%s\\n' "${COMPREPLY[@]}"
                """;
        List<String> argv = new ArrayList<>(List.of("/bin/bash", "-c", run, "bash", script.toString(), command));
        argv.addAll(List.of(typed));
        Process process = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out.lines().map(String::strip).filter(word -> !word.isEmpty()).toList();
    }
}
