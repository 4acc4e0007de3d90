package io.i2v.function.events;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import io.i2v.core.intake.UploadIntake;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

/**
 * S3 trigger: every image that lands under {@code inbox/} becomes a job. A failure that may pass
 * (storage or queue down) is thrown, so Lambda retries the event; the job id is derived from the
 * object, so a retry or a repeated event is still one job.
 */
@Named("s3")
public class S3UploadHandler implements RequestHandler<S3Event, String> {
    private static final Logger LOG = Logger.getLogger(S3UploadHandler.class);
    private final UploadIntake intake;

    public S3UploadHandler(UploadIntake intake) {
        this.intake = intake;
    }

    @Override
    public String handleRequest(S3Event event, Context context) {
        int jobs = 0;
        for (var record : event.getRecords()) {
            var object = record.getS3().getObject();
            String version = object.getVersionId() != null ? object.getVersionId() : object.geteTag();
            var job = intake.objectCreated(record.getS3().getBucket().getName(), object.getUrlDecodedKey(), version);
            if (job.isPresent()) {
                jobs++;
                LOG.infof(
                        "upload %s → job %s (%s)",
                        object.getUrlDecodedKey(),
                        job.get().id(),
                        job.get().state().name());
            }
        }
        return "jobs: " + jobs;
    }
}
