package io.i2v.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.worker.ops.JobMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code i2v animate}: a client of the public HTTP API, nothing more. Uploads each image with
 * a presigned PUT, submits the job, follows its status, downloads the video. Sends the API key
 * in {@code I2V_API_KEY}, if set, as a bearer token. With {@code --json} the progress goes to
 * stderr and stdout gets only the job's final status document, for scripts.
 */
@ApplicationScoped
public class AnimateCommand {
    private static final Duration POLL = Duration.ofMillis(500);
    /** The local stack answers in-process: polling it often ends the short phases' waits sooner. */
    private static final Duration LOCAL_POLL = Duration.ofMillis(50);
    /**
     * While frames are drawn and encoded, each poll (an API request and an S3 read on the two cores
     * the render uses) costs the render: 20 a second cost about 0.3 s of a 20 MP job's wall time, measured.
     * So polls then come at most once a second, and more often only as the render's end nears
     * ({@link #renderPoll}), so that its end is still seen within {@link #LOCAL_POLL} or so.
     */
    private static final Duration LOCAL_RENDER_POLL = Duration.ofSeconds(1);

    private final ObjectMapper json;
    private final JobMetrics metrics;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** Where progress goes: stdout, or stderr when stdout carries the status document ({@code --json}). */
    private PrintStream out = System.out;

    public AnimateCommand(ObjectMapper json, JobMetrics metrics) {
        this.json = json;
        this.metrics = metrics;
    }

    public int run(String endpoint, CliArgs cli) throws IOException, InterruptedException {
        return run(endpoint, cli, new Timings());
    }

    /** {@code timings}: the phases so far (start-up), to which this adds the job's, printed with {@code --timings}. */
    int run(String endpoint, CliArgs cli, Timings timings) throws IOException, InterruptedException {
        out = cli.json() ? System.err : System.out;
        ServiceApi api = new ServiceApi(endpoint, json, http);
        List<String> keys = new ArrayList<>();
        for (Path image : cli.images()) {
            keys.add(api.upload(image));
        }
        timings.mark("uploaded (presigned PUT)");
        String id = api.submit(cli.prompt(), keys);
        timings.mark("job queued");
        out.println("job " + id + " queued");
        JsonNode status = follow(api, id, cli.endpoint().isEmpty() ? LOCAL_POLL : POLL, timings);
        String state = status.path("state").asText();
        if (!state.equals("SUCCEEDED")) {
            JsonNode error = status.path("error");
            System.err.println(
                    "i2v: job " + id + " " + state + ": " + error.path("code").asText("unknown") + ": "
                            + error.path("message").asText(""));
            printStatus(cli, status);
            printTimings(cli, timings);
            return 1;
        }
        JsonNode all = status.path("results");
        List<JsonNode> videos = new ArrayList<>();
        if (all.isArray() && all.size() > 1) {
            all.forEach(videos::add);
        } else {
            videos.add(status.get("result"));
        }
        for (int n = 0; n < videos.size(); n++) {
            JsonNode result = videos.get(n);
            Path target = target(cli.output(), result.get("videoKey").asText(), n);
            api.download(result.get("videoUrl").asText(), target);
            out.printf(
                    "wrote %s: %dx%d, %.2f s, %.2f fps, %,d bytes%n",
                    target,
                    result.get("width").asInt(),
                    result.get("height").asInt(),
                    result.get("durationSeconds").asDouble(),
                    result.get("fps").asDouble(),
                    result.get("sizeBytes").asLong());
        }
        timings.mark("video downloaded");
        printStatus(cli, status);
        printTimings(cli, timings);
        return 0;
    }

    private void printTimings(CliArgs cli, Timings timings) {
        if (cli.timings()) {
            out.print(timings.report());
        }
    }

    /** With {@code --json}: the final status document, as {@code GET /v1/jobs/{id}} returned it, on stdout. */
    private void printStatus(CliArgs cli, JsonNode status) throws IOException {
        if (cli.json()) {
            System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(status));
        }
    }

    /** The output path with the container's extension (the job may have asked for WebM, MOV or GIF), numbered for clips. */
    static Path target(Path output, String videoKey, int index) {
        String ext = videoKey.substring(videoKey.lastIndexOf('.') + 1);
        String name = output.getFileName().toString();
        String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        String file = stem + (index == 0 ? "" : "-" + (index + 1)) + "." + ext;
        return output.resolveSibling(file);
    }

    private JsonNode follow(ServiceApi api, String id, Duration poll, Timings timings)
            throws IOException, InterruptedException {
        String last = "";
        int shownMessages = 0;
        boolean planShown = false;
        // a terminal gets one line redrawn in place; pipes and logs get today's plain lines
        boolean tty = System.console() != null;
        long started = System.nanoTime();
        Long runningSince = null;
        String drawn = null;
        String lastPhase = "QUEUED";
        long renderingSince = 0;
        Integer renderingFrom = null;
        while (true) {
            JsonNode status = api.status(id);
            String state = status.path("state").asText();
            String stage = status.hasNonNull("stage") ? status.get("stage").asText() : null;
            Integer progress =
                    status.hasNonNull("progress") ? status.get("progress").asInt() : null;
            String line = ProgressLine.plain(state, stage, progress);
            if (runningSince == null && !state.equals("QUEUED")) {
                runningSince = System.nanoTime();
                timings.mark("taken off the queue");
            }
            String phase = state.equals("RUNNING") ? stage : state;
            if (phase != null && !phase.equals(lastPhase)) {
                switch (phase) {
                    case "rendering" -> {
                        timings.mark("prepared (input fetched, decoded)");
                        renderingSince = System.nanoTime();
                        renderingFrom = progress;
                    }
                    case "storing" -> timings.mark("rendered (frames, x264, staged)", steps("stage-upload"));
                    case "SUCCEEDED" -> timings.mark("checked and stored", steps("check", "store"));
                    default -> {}
                }
                lastPhase = phase;
            }
            boolean terminal = state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELED");
            boolean planNow = status.hasNonNull("interpretation") && !planShown;
            JsonNode messages = status.path("messages");
            if (drawn != null && (planNow || shownMessages < messages.size())) {
                out.print("\r\033[2K"); // clear the bar before a line of text scrolls past it
                drawn = null;
            }
            if (planNow) {
                out.println(
                        "plan: " + status.get("interpretation").path("summary").asText());
                planShown = true;
            }
            for (; shownMessages < messages.size(); shownMessages++) {
                out.println("note: " + messages.get(shownMessages).asText());
            }
            if (tty) {
                drawn = ProgressLine.bar(
                        state,
                        stage,
                        progress,
                        Duration.ofNanos(System.nanoTime() - started),
                        runningSince == null ? null : Duration.ofNanos(System.nanoTime() - runningSince));
                out.print("\r\033[2K" + drawn + (terminal ? "\n" : ""));
                out.flush();
            } else if (!line.equals(last)) {
                out.println(line);
                last = line;
            }
            if (terminal) {
                JsonNode interpretation = status.path("interpretation");
                List<String> understood = new ArrayList<>();
                interpretation.path("understood").forEach(n -> understood.add(n.asText()));
                if (!understood.isEmpty()) {
                    out.println("understood: " + String.join("; ", understood));
                }
                for (JsonNode n : interpretation.path("notUnderstood")) {
                    out.println("not done: " + n.asText());
                }
                if (status.hasNonNull("timeline")) {
                    out.println(status.get("timeline").asText());
                }
                return status;
            }
            boolean rendering = poll == LOCAL_POLL && "rendering".equals(phase);
            Thread.sleep(
                    rendering
                            ? renderPoll(renderingFrom, progress, System.nanoTime() - renderingSince)
                            : poll.toMillis());
        }
    }

    /**
     * Milliseconds to the next poll while the local render runs: a third of the time its progress so
     * far says is left (rendering ends at 90%), between {@link #LOCAL_POLL} and {@link #LOCAL_RENDER_POLL}.
     */
    static long renderPoll(Integer from, Integer now, long elapsedNanos) {
        if (from == null || now == null || now <= from) {
            return LOCAL_RENDER_POLL.toMillis() / 4; // no rate yet
        }
        double left = (90 - now) * (elapsedNanos / 1e6) / (now - from);
        return Math.max(LOCAL_POLL.toMillis(), Math.min(LOCAL_RENDER_POLL.toMillis(), (long) (left / 3)));
    }

    /** What the worker in this process measured for these steps after the render (nothing for a remote endpoint). */
    private String steps(String... names) {
        List<String> parts = new ArrayList<>();
        for (String n : names) {
            double s = metrics.stepSeconds(n);
            if (s > 0) {
                parts.add(String.format(Locale.ROOT, "%s %.2f s", n, s));
            }
        }
        return String.join(", ", parts);
    }
}
