package org.jheartbeat.agent.daemon;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ha.cf's {@code watchdog} device, used as heartbeat 3.0.6 uses it: opened at start, its timer set to deadtime
 * (heartbeat's {@code hb_init_watchdog}: deadtime plus 10 ms, rounded up to whole seconds), fed one NUL byte at every
 * keepalive, and closed with the magic {@code V} when the agent stops cleanly, which disarms a driver that allows it
 * (the init script loads softdog with {@code nowayout=0}, as heartbeat's does). An agent that dies or hangs stops
 * feeding it, and the kernel resets the node. A feed that fails closes the device and is logged, as heartbeat's does.
 */
final class WatchdogDevice implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WatchdogDevice.class);
    private static final int O_WRONLY = 1;
    private static final int O_CLOEXEC = 0x80000;
    /** _IOWR('W', 6, int) from linux/watchdog.h. */
    private static final long WDIOC_SETTIMEOUT = 0xC0045706L;
    private static final byte[] FEED = {0};
    private static final byte[] MAGIC_CLOSE = {'V'};

    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int open(String path, int flags) throws LastErrorException;

        long write(int fd, byte[] buffer, long length) throws LastErrorException;

        int ioctl(int fd, long request, IntByReference argument) throws LastErrorException;

        int close(int fd);
    }

    private final Path device;
    private int fd;

    private WatchdogDevice(Path device, int fd) {
        this.device = device;
        this.fd = fd;
    }

    /** Opens ha.cf's device, if it names one; an unusable one is logged and leaves the agent without it, as heartbeat. */
    static Optional<WatchdogDevice> open(Optional<Path> device, Duration deadtime) {
        if (device.isEmpty()) {
            return Optional.empty();
        }
        int fd;
        try {
            fd = LibC.INSTANCE.open(device.get().toString(), O_WRONLY | O_CLOEXEC);
        } catch (LastErrorException e) {
            LOG.error("cannot open the watchdog device {} (ha.cf watchdog): {}", device.get(), e.getMessage());
            return Optional.empty();
        }
        LOG.info("using the watchdog device {}", device.get());
        int seconds = timerSeconds(deadtime);
        try {
            LibC.INSTANCE.ioctl(fd, WDIOC_SETTIMEOUT, new IntByReference(seconds));
            LOG.info("watchdog {}: timer set to {} s (deadtime)", device.get(), seconds);
        } catch (LastErrorException e) {
            LOG.warn("watchdog {}: cannot set its timer to {} s, it keeps its own: {}", device.get(), seconds,
                    e.getMessage());
        }
        WatchdogDevice watchdog = new WatchdogDevice(device.get(), fd);
        watchdog.feed();
        return Optional.of(watchdog);
    }

    /** heartbeat's: deadtime plus 10 ms, in whole seconds rounded up. */
    static int timerSeconds(Duration deadtime) {
        return (int) ((deadtime.toMillis() + 10 + 999) / 1000);
    }

    synchronized void feed() {
        if (fd < 0) {
            return;
        }
        try {
            LibC.INSTANCE.write(fd, FEED, FEED.length);
        } catch (LastErrorException e) {
            LOG.error("watchdog {}: feeding it failed ({}): closing it", device, e.getMessage());
            close();
        }
    }

    /** The agent stops cleanly: the magic close disarms the timer where the driver allows it. */
    @Override
    public synchronized void close() {
        if (fd < 0) {
            return;
        }
        try {
            LibC.INSTANCE.write(fd, MAGIC_CLOSE, MAGIC_CLOSE.length);
        } catch (LastErrorException e) {
            LOG.error("watchdog {}: the magic close failed ({}): the kernel may still reset this node", device,
                    e.getMessage());
        }
        LibC.INSTANCE.close(fd);
        fd = -1;
    }
}
