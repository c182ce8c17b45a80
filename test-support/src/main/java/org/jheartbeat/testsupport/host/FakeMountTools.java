package org.jheartbeat.testsupport.host;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.testsupport.FakeCommandRunner;

/**
 * mount(8) and umount(8) over a {@link FakeHost}, in the forms the resources run them, answering as util-linux
 * 2.38 does: exit status 32 with its words on stderr when refused. Any other form fails the test, as the strict
 * runner does with a command nobody expected.
 */
final class FakeMountTools {

    private static final int MOUNT_FAILURE = 32;
    /** mount(8) adds this line whenever the mount system call refused. */
    private static final String DMESG_HINT =
            "       dmesg(1) may have more information after failed mount system call.\n";

    private FakeMountTools() {
    }

    @FunctionalInterface
    private interface Change {
        void apply() throws FakeHost.MountRefusal;
    }

    static void answer(FakeCommandRunner runner, FakeHost host) {
        runner.on("mount").answerWith(command -> answer(command, DMESG_HINT, () -> mount(host, command)));
        runner.on("umount").answerWith(command -> answer(command, "", () -> unmount(host, command)));
    }

    private static CommandResult answer(Command command, String hint, Change change) {
        try {
            change.apply();
            return new CommandResult(command, 0, "", "", Duration.ZERO, false, false);
        } catch (FakeHost.MountRefusal refusal) {
            return new CommandResult(command, MOUNT_FAILURE, "", refusal.getMessage() + "\n" + hint, Duration.ZERO,
                    false, false);
        }
    }

    /** {@code mount --bind DIR MOUNT_POINT} or {@code mount -t TYPE [-o OPTIONS] SOURCE MOUNT_POINT}. */
    private static void mount(FakeHost host, Command command) throws FakeHost.MountRefusal {
        List<String> argv = command.argv();
        if (argv.size() == 4 && argv.get(1).equals("--bind")) {
            host.bind(Path.of(argv.get(2)), Path.of(argv.get(3)));
        } else if (argv.size() == 5 && argv.get(1).equals("-t")) {
            host.mount(argv.get(3), Path.of(argv.get(4)), argv.get(2), Optional.empty());
        } else if (argv.size() == 7 && argv.get(1).equals("-t") && argv.get(3).equals("-o")) {
            host.mount(argv.get(5), Path.of(argv.get(6)), argv.get(2), Optional.of(argv.get(4)));
        } else {
            throw new AssertionError("the fake mount does not know this form: " + command.display());
        }
    }

    /** {@code umount [-f] MOUNT_POINT}; force changes nothing for a local filesystem kept busy. */
    private static void unmount(FakeHost host, Command command) throws FakeHost.MountRefusal {
        List<String> argv = command.argv();
        if (argv.size() == 2 || argv.size() == 3 && argv.get(1).equals("-f")) {
            host.unmount(Path.of(argv.get(argv.size() - 1)));
        } else {
            throw new AssertionError("the fake umount does not know this form: " + command.display());
        }
    }
}
