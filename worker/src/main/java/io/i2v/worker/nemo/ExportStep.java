package io.i2v.worker.nemo;

import com.fasterxml.jackson.databind.JsonNode;
import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.job.Interpretation;
import io.i2v.core.job.JobStage;
import io.i2v.worker.backend.BackendResult;
import io.i2v.worker.nemo.NemoJobRun.Answered;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The answered project exported: the render id is checkpointed before the submit (a resumed job
 * polls the render it asked for), polled in either status shape, and a duplicate or failed
 * render is tried once more with a new id; the finished one goes to {@link DownloadStep}.
 */
final class ExportStep {
    private final NemoJobRun run;

    ExportStep(NemoJobRun run) {
        this.run = run;
    }

    Uni<BackendResult> export(Answered answered) {
        JsonNode draft = Drafts.draft(answered.state());
        if (!Drafts.exportable(draft)) {
            String last = run.lastSaid().isEmpty() ? "" : " It said: \"" + run.lastSaid() + "\"";
            return Uni.createFrom()
                    .failure(new I2vException(
                            ErrorCode.RENDER_FAILED,
                            "NemoVideo's project has nothing to export (no track with segments)." + last,
                            false));
        }
        String summary = Drafts.summary(draft);
        Interpretation interpretation =
                new Interpretation("NemoVideo: " + summary, List.of(run.instruction()), List.of());
        DownloadStep download = new DownloadStep(run);
        return run.update(p -> p.planned(interpretation, summary))
                .flatMap(v -> render(new Render(answered.sessionId(), draft, download), false))
                .flatMap(delivered -> run.blocking(() -> download.result(delivered, interpretation, summary)));
    }

    /** What a render needs, whichever attempt it is. */
    private record Render(String sessionId, JsonNode draft, DownloadStep download) {}

    private Uni<CloudVideo.Delivered> render(Render r, boolean retried) {
        String known = run.checkpoint().render();
        Uni<String> submitted;
        if (known != null && !retried) {
            submitted = Uni.createFrom().item(known); // resumed: poll the render we asked for
        } else {
            String id = "render_" + UUID.randomUUID().toString().replace("-", "");
            submitted = run.savePart(NemoCheckpoints.RENDER, p -> p.withRender(id))
                    .flatMap(v -> run.report(JobStage.EXPORTING, 0))
                    .flatMap(v -> run.client.submitRender(id, r.sessionId(), r.draft()))
                    .replaceWith(id);
        }
        return submitted.onItemOrFailure().transformToUni((id, e) -> {
            if (e == null) {
                return poll(r, id, 0, retried);
            }
            if (e instanceof NemoException n && n.error() instanceof NemoError.RenderRejected && !retried) {
                return run.say("NemoVideo refused the render id; exporting again with a new one.")
                        .flatMap(v -> render(r, true));
            }
            return Uni.createFrom().failure(e);
        });
    }

    private Uni<CloudVideo.Delivered> poll(Render r, String id, int polls, boolean retried) {
        if (polls >= run.config.maxPolls()) {
            return run.client
                    .cancelRender(id)
                    .onFailure()
                    .recoverWithNull()
                    .flatMap(v -> Uni.createFrom()
                            .failure(new I2vException(
                                    ErrorCode.STALLED,
                                    "NemoVideo's render did not finish after " + polls + " polls; it was cancelled",
                                    false)));
        }
        Duration wait = polls == 0 ? Duration.ZERO : run.config.pollInterval();
        return NemoJobRun.delay(wait)
                .flatMap(v -> run.client.render(id))
                .onFailure(NemoException.class)
                .recoverWithUni(e -> {
                    if (((NemoException) e).error() instanceof NemoError.RenderRejected rejected
                            && rejected.status() == 404
                            && polls == 0) {
                        // checkpointed but never submitted (the last delivery stopped in between): submit it now
                        return run.client
                                .submitRender(id, r.sessionId(), r.draft())
                                .flatMap(v -> run.client.render(id));
                    }
                    return Uni.createFrom().failure(e);
                })
                .flatMap(status -> {
                    if (status.completed()) {
                        return run.report(JobStage.RENDERING, 1)
                                .flatMap(v -> r.download().fetch(id, status.outputUrl()));
                    }
                    if (status.failed()) {
                        if (retried) {
                            return Uni.createFrom()
                                    .failure(new NemoException(new NemoError.RenderRejected(
                                            200,
                                            "render " + status.status()
                                                    + (status.detail().isBlank() ? "" : ": " + status.detail()))));
                        }
                        return run.say("NemoVideo's render failed; exporting again.")
                                .flatMap(v -> render(r, true));
                    }
                    return run.report(JobStage.RENDERING, status.progress() / 100.0)
                            .flatMap(v -> poll(r, id, polls + 1, retried));
                });
    }
}
