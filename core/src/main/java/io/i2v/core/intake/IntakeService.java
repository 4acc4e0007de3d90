package io.i2v.core.intake;

import io.i2v.core.config.I2vConfig;
import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.event.JobEvent;
import io.i2v.core.intake.ImageValidator.ValidImage;
import io.i2v.core.job.ImageRef;
import io.i2v.core.job.JobIds;
import io.i2v.core.job.JobLedger;
import io.i2v.core.job.JobOptions;
import io.i2v.core.job.JobRequest;
import io.i2v.core.job.JobState;
import io.i2v.core.job.JobStatus;
import io.i2v.core.job.LedgerStep;
import io.i2v.core.job.TraceContext;
import io.i2v.core.net.OutboundPolicy;
import io.i2v.core.net.UrlUse;
import io.i2v.core.queue.JobQueue;
import io.i2v.core.storage.JobRepository;
import io.i2v.core.storage.ObjectStore;
import io.i2v.core.storage.S3Keys;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The one intake path every entry point calls: validate → store request and QUEUED status →
 * enqueue. Validation happens before anything is written; if enqueueing fails, what was
 * written is removed again, so a rejected or failed submission leaves nothing behind.
 */
@ApplicationScoped
public class IntakeService {
    private static final Logger LOG = Logger.getLogger(IntakeService.class);

    private final ObjectStore store;
    private final JobRepository jobs;
    private final JobQueue queue;
    private final JobLedger ledger;
    private final I2vConfig.Intake limits;
    private final Clock clock;
    private final JobIds ids;
    private final OutboundPolicy urls;
    private final ImageValidator imageValidator;

    public IntakeService(
            ObjectStore store,
            JobRepository jobs,
            JobQueue queue,
            JobLedger ledger,
            I2vConfig config,
            Clock clock,
            JobIds ids,
            OutboundPolicy urls) {
        this.urls = urls;
        this.store = store;
        this.jobs = jobs;
        this.queue = queue;
        this.ledger = ledger;
        this.limits = config.intake();
        this.clock = clock;
        this.ids = ids;
        this.imageValidator = new ImageValidator(store, limits, urls);
    }

    /** Accepts a job, or returns the existing one when the identity was seen before. */
    public JobStatus submit(IntakeCommand command) {
        String jobId = command.identity() == null || command.identity().isBlank() ? ids.random() : derivedId(command);
        String digest = SubmissionDigest.of(command);
        Optional<JobStatus> existing = jobs.status(jobId);
        if (existing.isPresent()) {
            return sameSubmission(jobId, digest, existing.get());
        }
        String prompt = validPrompt(command.prompt());
        OptionsValidator.validate(command.options());
        String webhookUrl = command.webhookUrl() == null || command.webhookUrl().isBlank()
                ? null
                : urls.admit(command.webhookUrl().strip(), UrlUse.WEBHOOK).toString();
        List<ValidImage> images = imageValidator.validImages(command.images());

        List<String> written = new ArrayList<>();
        try {
            List<ImageRef> refs = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                refs.add(store(jobId, i, images.get(i), written));
            }
            JobRequest request = new JobRequest(
                    JobRequest.VERSION,
                    jobId,
                    command.source(),
                    now(),
                    prompt,
                    refs,
                    command.options() == null ? JobOptions.none() : command.options(),
                    command.parentJobId(),
                    command.owner(),
                    TraceContext.orNew(command.traceparent(), ids),
                    webhookUrl,
                    digest);
            return enqueue(request, written);
        } catch (RuntimeException e) {
            rollback(jobId, written);
            throw e;
        }
    }

    /**
     * Accepts a follow-up edit of a finished job: a new job with the parent's images, the edit
     * instruction and {@code parentJobId}, so the backend changes the parent's timeline (local)
     * or continues the parent's session (cloud) and renders a new result.
     */
    public JobStatus submitEdit(
            String parentJobId, EditSubmission edit, String identity, String owner, String traceparent) {
        return submitEdit(parentJobId, edit, identity, owner, owner, traceparent);
    }

    /** @param scope whose jobs the caller may edit (null: any) */
    public JobStatus submitEdit(
            String parentJobId, EditSubmission edit, String identity, String owner, String scope, String traceparent) {
        JobStatus parent = ledger.get(parentJobId, scope).status();
        if (!(parent.state() instanceof JobState.Succeeded)) {
            throw new I2vException(
                    ErrorCode.CONFLICT,
                    "job " + parentJobId + " is " + parent.state().name() + "; only a succeeded job can be edited");
        }
        if (edit == null || edit.prompt() == null || edit.prompt().isBlank()) {
            throw new I2vException(ErrorCode.INVALID_REQUEST, "an edit needs a prompt, e.g. \"slower\"");
        }
        JobRequest parentRequest = jobs.request(parentJobId)
                .orElseThrow(() ->
                        new I2vException(ErrorCode.JOB_NOT_FOUND, "job " + parentJobId + " has no stored request"));
        String jobId = identity == null || identity.isBlank()
                ? ids.random()
                : JobIds.derived("job", "edit", parentJobId, owner, identity);
        String digest = SubmissionDigest.of(new IntakeCommand(
                parentRequest.source(), edit.prompt(), List.of(), edit.options(), identity, owner, parentJobId, null));
        Optional<JobStatus> existing = jobs.status(jobId);
        if (existing.isPresent()) {
            return sameSubmission(jobId, digest, existing.get());
        }
        String prompt = validPrompt(edit.prompt());
        OptionsValidator.validate(edit.options());
        List<String> written = new ArrayList<>();
        try {
            JobRequest request = new JobRequest(
                    JobRequest.VERSION,
                    jobId,
                    parentRequest.source(),
                    now(),
                    prompt,
                    parentRequest.images(),
                    edit.options() == null ? JobOptions.none() : edit.options(),
                    parentJobId,
                    owner,
                    TraceContext.orNew(traceparent, ids),
                    parentRequest.webhookUrl(),
                    digest);
            return enqueue(request, written);
        } catch (RuntimeException e) {
            rollback(jobId, written);
            throw e;
        }
    }

    /**
     * Stores the request and the first status (a conditional create: of two identical submissions
     * racing, one creates the job and the other returns it), then enqueues and publishes job.queued.
     */
    private JobStatus enqueue(JobRequest request, List<String> written) {
        jobs.saveRequest(request);
        written.add(S3Keys.request(request.jobId()));
        JobStatus status = JobStatus.queued(request, now());
        written.addAll(jobs.index(status));
        LedgerStep step = ledger.create(status, null);
        if (step instanceof LedgerStep.Exists exists) {
            written.clear(); // the keys are the other submission's now: nothing of ours to roll back
            return sameSubmission(
                    request.jobId(), request.submissionDigest(), exists.stored().status());
        }
        written.add(S3Keys.status(request.jobId()));
        ledger.publishAround(
                status,
                JobEvent.of(JobEvent.QUEUED, request.jobId(), status.state(), null, now()),
                () -> queue.send(request));
        return status;
    }

    /**
     * Records a job that cannot start (for an S3 upload there is no caller to answer), with its
     * reason, so it is visible through the API and as a job.failed event.
     */
    public JobStatus reject(IntakeCommand command, I2vException error) {
        String jobId = derivedId(command);
        Optional<JobStatus> existing = jobs.status(jobId);
        if (existing.isPresent()) {
            return existing.get();
        }
        JobRequest request = new JobRequest(
                JobRequest.VERSION,
                jobId,
                command.source(),
                now(),
                command.prompt(),
                List.of(),
                command.options(),
                null,
                command.owner(),
                TraceContext.orNew(command.traceparent(), ids));
        JobStatus status = JobStatus.rejected(request, error.toInfo(), now());
        jobs.index(status);
        LedgerStep step = ledger.create(status, JobEvent.of(JobEvent.FAILED, jobId, status.state(), null, now()));
        return step instanceof LedgerStep.Exists exists ? exists.stored().status() : status;
    }

    /**
     * A resubmission under a known identity: the same body returns the job it made; another body
     * is refused (Stripe's convention) rather than silently answered with the first job.
     */
    private JobStatus sameSubmission(String jobId, String digest, JobStatus existing) {
        String first = jobs.request(jobId).map(JobRequest::submissionDigest).orElse(null);
        if (first != null && !first.equals(digest)) {
            throw new I2vException(
                    ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    "this idempotency key was used for job " + jobId
                            + " with a different request; use a new key for a different job");
        }
        return existing;
    }

    /** The id a command with an identity always gets: a resubmission names the same job. */
    private static String derivedId(IntakeCommand command) {
        return JobIds.derived("job", command.source().wire(), command.owner(), command.identity());
    }

    private ImageRef store(String jobId, int index, ValidImage image, List<String> written) {
        if (image.source() instanceof ImageSource.Inline inline) {
            String key = S3Keys.input(jobId, index, image.format().extension());
            store.put(key, inline.bytes(), image.format().mediaType());
            written.add(key);
            return ImageRef.stored(key, inline.name(), image.format().name(), inline.bytes().length);
        }
        if (image.source() instanceof ImageSource.Stored stored) {
            return ImageRef.stored(
                    stored.key(), fileName(stored.key()), image.format().name(), image.size());
        }
        ImageSource.Remote remote = (ImageSource.Remote) image.source();
        return ImageRef.remote(remote.url(), fileName(URI.create(remote.url()).getPath()));
    }

    private String validPrompt(String prompt) {
        if (prompt == null || prompt.isBlank()) {
            return limits.defaultPrompt();
        }
        if (prompt.length() > limits.maxPromptLength()) {
            throw new I2vException(
                    ErrorCode.INVALID_REQUEST,
                    "prompt has " + prompt.length() + " characters; the limit is " + limits.maxPromptLength());
        }
        return prompt.strip();
    }

    private void rollback(String jobId, List<String> written) {
        try {
            store.delete(written);
        } catch (RuntimeException e) {
            LOG.errorf("job %s: could not remove partial intake records %s: %s", jobId, written, e.getMessage());
        }
    }

    private Instant now() {
        return clock.instant();
    }

    private static String fileName(String path) {
        if (path == null || path.isEmpty()) {
            return "image";
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
