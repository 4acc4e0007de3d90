package io.i2v.worker.nemo;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.job.JobStage;
import io.i2v.worker.backend.BackendJob;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The session the instruction goes to, with the job's images in it: the checkpointed one, an
 * edit's parent session (its images are there already), or a new one with every image uploaded.
 */
final class SessionStep {
    private final NemoJobRun run;

    SessionStep(NemoJobRun run) {
        this.run = run;
    }

    /** The session id, once the images are in it. */
    Uni<String> ready() {
        NemoCheckpoints known = run.checkpoints();
        if (known.session() != null) {
            return known.uploaded() ? Uni.createFrom().item(known.session()) : upload(known.session());
        }
        BackendJob.Parent parent = run.job.parent();
        if (parent != null) {
            return Uni.createFrom()
                    .item(() -> parentSession(parent))
                    .call(sid -> run.save(c -> c.withSession(sid)))
                    .call(sid -> run.save(c -> c.withUpload("parent " + parent.jobId())));
        }
        return fresh();
    }

    /** A new session with the images uploaded (also after NemoVideo lost the last one). */
    Uni<String> fresh() {
        return run.report(JobStage.UPLOADING, 0)
                .flatMap(v -> run.client.createSession(run.config.language()))
                .map(d -> d.path("session_id").asText())
                .call(sid -> run.save(c -> c.withSession(sid).withUpload(null)))
                .flatMap(this::upload);
    }

    private static String parentSession(BackendJob.Parent parent) {
        String sid = NemoCheckpoints.fromMap(parent.checkpoints()).session();
        if (sid == null) {
            throw new I2vException(
                    ErrorCode.CONFLICT,
                    "job " + parent.jobId() + " did not run on the cloud backend, so "
                            + "it has no NemoVideo session to edit; submit a new job instead",
                    false);
        }
        return sid;
    }

    private Uni<String> upload(String sid) {
        int images = run.job.images().size();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < images; i++) {
            int index = i;
            chain = chain.flatMap(v -> run.blocking(() -> uploadable(index)))
                    .flatMap(file -> run.client.upload(sid, file))
                    .flatMap(files -> run.report(JobStage.UPLOADING, (index + 1.0) / images));
        }
        return chain.call(v -> run.save(c -> c.withUpload("done"))).replaceWith(sid);
    }

    private Path uploadable(int index) throws IOException {
        return UploadFile.prepare(
                run.job.images().get(index),
                index,
                Files.createDirectories(run.job.workDir().resolve("nemo-upload-" + index)));
    }
}
