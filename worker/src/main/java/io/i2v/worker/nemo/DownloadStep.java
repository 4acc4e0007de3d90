package io.i2v.worker.nemo;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.job.Interpretation;
import io.i2v.worker.backend.BackendResult;
import io.i2v.worker.media.VideoInfo;
import io.i2v.worker.media.VideoProbe;
import io.smallrye.mutiny.Uni;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/** The finished render downloaded, checked to decode, and brought to the promise with its poster. */
final class DownloadStep {
    private final NemoJobRun run;

    DownloadStep(NemoJobRun run) {
        this.run = run;
    }

    /**
     * The finished render, downloaded; a file that does not decode is downloaded once more from
     * the stored render (the fallback download), never rendered again: a second render could
     * charge again. Twice undecodable fails the job for good.
     */
    Uni<CloudVideo.Delivered> fetch(String id, String outputUrl) {
        return download(id, outputUrl, "")
                .flatMap(first -> first.decodes()
                        ? Uni.createFrom().item(first)
                        : run.say("The downloaded video does not decode (" + first.problem() + "); downloading "
                                        + "NemoVideo's stored render again.")
                                .flatMap(v -> download(id, null, "-again"))
                                .flatMap(again -> again.decodes()
                                        ? Uni.createFrom().item(again)
                                        : Uni.createFrom()
                                                .failure(new I2vException(
                                                        ErrorCode.OUTPUT_INVALID,
                                                        "NemoVideo's "
                                                                + "render " + id + " does not decode ("
                                                                + again.problem() + "), downloaded twice; it "
                                                                + "was not rendered again, so no credits were spent twice",
                                                        false))));
    }

    private Uni<CloudVideo.Delivered> download(String id, String outputUrl, String attempt) {
        return run.client
                .download(id, outputUrl, file("nemo-video", attempt + ".mp4"))
                .flatMap(file -> run.blocking(() -> CloudVideo.inspect(file)));
    }

    /** The delivered video brought to the promise (kept, rewrapped or re-encoded, and said so), with its poster. */
    BackendResult result(CloudVideo.Delivered delivered, Interpretation interpretation, String summary)
            throws IOException {
        CloudVideo.Conformed conformed =
                run.video.conform(delivered, run.job.options(), file("nemo-conformed", ".mp4"));
        run.said(conformed.message());
        Path video = conformed.file();
        VideoInfo info = VideoProbe.probe(video);
        Path poster = file("nemo-poster", ".jpg");
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile());
                Java2DFrameConverter convert = new Java2DFrameConverter()) {
            g.start();
            Frame f = g.grabImage();
            BufferedImage frame = f == null ? null : convert.convert(f);
            if (frame == null || !ImageIO.write(frame, "jpg", poster.toFile())) {
                throw new IOException("no first frame");
            }
            g.stop();
        }
        // what the conformed file is (the promise: codec, profile, container; size and rate as asked or delivered)
        return new BackendResult(
                video,
                poster,
                interpretation,
                summary,
                List.of(),
                info.width(),
                info.height(),
                info.fps(),
                info.frames());
    }

    /** This part's file in the work folder. */
    private Path file(String name, String end) {
        return run.job.workDir().resolve(name + run.suffix() + end);
    }
}
