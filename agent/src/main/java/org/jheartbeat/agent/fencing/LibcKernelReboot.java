package org.jheartbeat.agent.fencing;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/** {@code sync(2)} and {@code reboot(2)} through glibc. */
final class LibcKernelReboot implements KernelReboot {

    interface Libc extends Library {
        void sync();

        int reboot(int command) throws LastErrorException;
    }

    private final Libc libc;

    LibcKernelReboot() {
        this.libc = Native.load("c", Libc.class);
    }

    @Override
    public void sync() {
        libc.sync();
    }

    @Override
    public String reboot(int command) {
        try {
            int result = libc.reboot(command);
            return "reboot(2) returned " + result;
        } catch (LastErrorException e) {
            return "reboot(2) failed: " + e.getMessage();
        }
    }
}
