package org.jheartbeat.agent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.jheartbeat.agent.control.HeartbeatParameters;
import org.jheartbeat.agent.ownership.Scope;
import picocli.AutoComplete;

/**
 * The bash completions the package installs, one file per command as bash-completion looks them up: hbctl's from
 * its whole picocli command tree (every subcommand and option, so a new one is completed without more work),
 * cl_status's from its sub-commands and their getopt letters, hb_standby's and hb_takeover's from their scopes.
 */
public final class BashCompletion {

    private BashCompletion() {
    }

    /** Writes hbctl, cl_status, hb_standby and hb_takeover into the directory named by the one argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: BashCompletion DIRECTORY");
            System.exit(2);
        }
        Path directory = Files.createDirectories(Path.of(args[0]));
        for (Map.Entry<String, String> script : scripts().entrySet()) {
            Files.writeString(directory.resolve(script.getKey()), script.getValue());
        }
    }

    /** Each command's completion script by the command's name. */
    static Map<String, String> scripts() {
        String handover = handover();
        return Map.of("hbctl", hbctl(), "cl_status", clStatus(), "hb_standby", handover, "hb_takeover", handover);
    }

    /** picocli's script for hbctl; it is sourced, never run, so without picocli's #! line. */
    static String hbctl() {
        return AutoComplete.bash("hbctl", Hbctl.commandLine()).lines()
                .filter(line -> !line.startsWith("#!"))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    static String clStatus() {
        Map<String, String> subCommands = ClStatus.subCommandOptions();
        String cases = subCommands.entrySet().stream()
                .map(entry -> "        " + entry.getKey() + ") options=\"" + dashed(entry.getValue()) + "\" ;;")
                .collect(Collectors.joining("\n"));
        return """
                # cl_status: sub-commands, their options, and hbparameter's parameter names
                _cl_status() {
                    local current=${COMP_WORDS[COMP_CWORD]} previous=${COMP_WORDS[COMP_CWORD-1]} options=""
                    if (( COMP_CWORD == 1 )); then
                        COMPREPLY=( $(compgen -W "%s" -- "$current") )
                        return
                    fi
                    if [[ ${COMP_WORDS[1]} == hbparameter && $previous == -p ]]; then
                        COMPREPLY=( $(compgen -W "%s" -- "$current") )
                        return
                    fi
                    case ${COMP_WORDS[1]} in
                %s
                    esac
                    COMPREPLY=( $(compgen -W "$options" -- "$current") )
                }
                complete -F _cl_status cl_status
                """.formatted(String.join(" ", subCommands.keySet()), String.join(" ", HeartbeatParameters.names()),
                cases);
    }

    static String handover() {
        String scopes = Arrays.stream(Scope.values()).map(Scope::word).collect(Collectors.joining(" "));
        return """
                # hb_standby and hb_takeover: which groups, as heartbeat's take it
                _jheartbeat_handover() {
                    COMPREPLY=()
                    (( COMP_CWORD == 1 )) && COMPREPLY=( $(compgen -W "%s" -- "${COMP_WORDS[1]}") )
                }
                complete -F _jheartbeat_handover hb_standby hb_takeover
                """.formatted(scopes);
    }

    /** getopt's letters as options: {@code "mp:"} is {@code -m -p}. */
    private static String dashed(String letters) {
        return letters.replace(":", "").chars().mapToObj(letter -> "-" + (char) letter)
                .collect(Collectors.joining(" "));
    }
}
