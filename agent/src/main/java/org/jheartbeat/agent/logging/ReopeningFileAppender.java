package org.jheartbeat.agent.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * ha.cf's logfile or debugfile, opened again when the file at its path is no longer the one written (logrotate
 * renamed or removed it), so rotation needs neither copytruncate nor a signal: heartbeat opened the file for every
 * line, which rotated the same way. One stat per line, which costs far less than the line's own write.
 */
final class ReopeningFileAppender extends FileAppender<ILoggingEvent> {

    private Object openedFile;

    @Override
    public void start() {
        super.start();
        openedFile = identity();
    }

    @Override
    protected void subAppend(ILoggingEvent event) {
        reopenIfMoved();
        super.subAppend(event);
    }

    private synchronized void reopenIfMoved() {
        Object now = identity();
        if (now == null || !Objects.equals(now, openedFile)) {
            try {
                openFile(getFile());
                openedFile = identity();
            } catch (IOException e) {
                addError("cannot open " + getFile() + " again after it moved", e);
            }
        }
    }

    /** The device and inode of the file now at the path, or null when there is none. */
    private Object identity() {
        try {
            return Files.readAttributes(Path.of(getFile()), BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return openedFile;
        }
    }
}
