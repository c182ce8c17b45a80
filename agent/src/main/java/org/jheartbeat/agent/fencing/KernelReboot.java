package org.jheartbeat.agent.fencing;

/** The two system calls a fencer needs; the production one is {@link LibcKernelReboot}. */
interface KernelReboot {

    /** The {@code reboot(2)} commands glibc passes through. */
    int HALT = 0xCDEF0123;
    int POWER_OFF = 0x4321FEDC;
    int RESTART = 0x01234567;

    void sync();

    /**
     * Does not return when it works.
     *
     * @return why it did not work (e.g. the errno's name)
     */
    String reboot(int command);
}
