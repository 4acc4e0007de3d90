package io.i2v.nemosim;

import java.nio.file.Path;

/** One render job: pending → processing → completed | failed (or cancelled), with its scripted faults. */
final class SimRender {
    final String id;
    final String sessionId;
    volatile String status = "pending";
    volatile int polls;
    volatile boolean fail;
    volatile boolean hold;
    volatile boolean cdnMissing;
    volatile Path file;

    SimRender(String id, String sessionId) {
        this.id = id;
        this.sessionId = sessionId;
    }

    /** One poll moves it on: failing renders fail at the second, others complete once the file is there. */
    synchronized void poll(int pollsToComplete) {
        polls++;
        if (status.equals("cancelled")) {
            return;
        }
        if (fail && polls >= 2) {
            status = "failed";
        } else if (polls >= pollsToComplete && !hold && file != null) {
            status = "completed";
        } else if (polls > 1) {
            status = "processing";
        }
    }

    int progress() {
        return status.equals("completed") ? 100 : status.equals("processing") ? 50 : 0;
    }
}
