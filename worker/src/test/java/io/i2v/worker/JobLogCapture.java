package io.i2v.worker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Collects the worker's log lines that carry a job id, with their trace id and message. The MDC
 * is read in publish(), on the logging thread; read later it would be the test thread's.
 */
final class JobLogCapture extends Handler implements AutoCloseable {
    record Line(String jobId, String traceId, String message) {}

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger("io.i2v");

    JobLogCapture() {
        logger.addHandler(this);
    }

    List<Line> forJob(String jobId) {
        return lines.stream().filter(l -> jobId.equals(l.jobId())).toList();
    }

    @Override
    public void publish(LogRecord r) {
        if (r instanceof ExtLogRecord e && e.getMdc("jobId") != null) {
            lines.add(new Line(e.getMdc("jobId"), String.valueOf(e.getMdc("traceId")), e.getFormattedMessage()));
        }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
