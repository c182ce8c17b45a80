package org.jheartbeat.testsupport;

import java.util.ArrayList;
import java.util.List;
import org.jheartbeat.resource.Fencer;

/** A {@link Fencer} for tests: records every call and returns, so no test can halt the machine it runs on. */
public final class RecordingFencer implements Fencer {

    private final List<String> reasons = new ArrayList<>();

    @Override
    public synchronized void fence(String reason) {
        reasons.add(reason);
    }

    public synchronized List<String> reasons() {
        return List.copyOf(reasons);
    }

    public synchronized boolean fenced() {
        return !reasons.isEmpty();
    }
}
