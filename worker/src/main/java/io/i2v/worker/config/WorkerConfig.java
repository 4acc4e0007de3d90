package io.i2v.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The worker's settings (shared ones — bucket, queues, limits — are in core's I2vConfig). */
@ConfigMapping(prefix = "i2v.worker")
public interface WorkerConfig {

    /** Video backend: "local" (in-process renderer) or "nemo" (cloud). Env: I2V_BACKEND. */
    @WithDefault("local")
    String backend();

    /** Deliveries of one job message before the job is failed for good (the queue's DLQ takes it next). */
    @WithDefault("3")
    int maxAttempts();

    /** First wait before a transiently failed job is tried again; doubled per delivery, at most 5 minutes. */
    @WithDefault("PT10S")
    Duration retryBackoff();

    /** Largest input image in pixels, checked from the header before decoding (decompression bombs). */
    @WithDefault("200000000")
    long maxPixels();

    /** Scratch space for inputs and renders; each job gets its own folder, removed afterwards. */
    Optional<Path> workDir();

    Render render();

    Inputs inputs();

    Api api();

    /** The worker's own HTTP API (the one the function URL serves), for local mode and the studio. */
    interface Api {
        /**
         * Serve {@code /v1} on this worker. Defaults to on in local mode and off elsewhere (the Fargate
         * task), env {@code I2V_WORKER_API_ENABLED}. Outside local mode it refuses to start without
         * {@code i2v.api.keys}: a worker API is never keyless in AWS.
         */
        boolean enabled();
    }

    interface Inputs {
        /** Time to open a connection to an image URL's server. */
        @WithDefault("PT10S")
        Duration connectTimeout();

        /** Time for a whole image URL download, redirects included. */
        @WithDefault("PT60S")
        Duration fetchTimeout();

        /** Redirects followed for an image URL; each target is checked like the first. */
        @WithDefault("3")
        int maxRedirects();
    }

    Heartbeat heartbeat();

    interface Heartbeat {
        /** How often a running job's message has its visibility extended. */
        @WithDefault("PT1M")
        Duration interval();

        /** How far each beat pushes the message's visibility out (and how soon it returns if the worker dies). */
        @WithDefault("PT5M")
        Duration extension();
    }

    Local local();

    Notifications notifications();

    Watchdog watchdog();

    interface Watchdog {
        /** A running job with no forward progress for this long is stopped and FAILED with {@code stalled}. */
        @WithDefault("PT5M")
        Duration stallTimeout();
    }

    interface Notifications {
        /** Least time between two job.progress events of one job (a stage change always sends one). */
        @WithDefault("PT5S")
        Duration progressInterval();
    }

    Nemo nemo();

    /** The NemoVideo cloud backend ({@code i2v.worker.backend=nemo}); protocol in docs/nemo-protocol.md. */
    interface Nemo {
        /** Base URL of the agent API. Env: NEMO_API_URL. */
        @WithDefault("https://mega-api-prod.nemovideo.ai")
        URI apiUrl();

        /** A token to use as is; without one the worker gets an anonymous token. Env: NEMO_TOKEN. Never logged. */
        Optional<String> token();

        /** The stable client id for anonymous tokens; else one is made once and kept in S3. Env: NEMO_CLIENT_ID. */
        Optional<String> clientId();

        /** X-Skill-Platform on every call (the vendor's skill files derive it from their install place). */
        @WithDefault("unknown")
        String platform();

        /** Session language. */
        @WithDefault("en")
        String language();

        /** Cloud jobs this worker holds at once (open streams, polls); more wait for a slot without a thread. */
        @WithDefault("500")
        int maxInFlight();

        /** Threads for the backend's blocking steps (status writes, files, decoding the result). */
        @WithDefault("4")
        int blockingThreads();

        /** A stream that brings only heartbeats this long has stalled: the job fails "stalled". */
        @WithDefault("PT10M")
        Duration heartbeatOnlyTimeout();

        /** The longest a stream may stay open (the protocol says up to 15 minutes); then it counts as dropped. */
        @WithDefault("PT16M")
        Duration streamTimeout();

        /** Timeout of each ordinary call (session, upload, state, render). */
        @WithDefault("PT2M")
        Duration callTimeout();

        /** How long to wait after HTTP 429 before the one retry. */
        @WithDefault("PT30S")
        Duration rateLimitWait();

        /** After a dropped stream: the wait before the first state read... */
        @WithDefault("PT30S")
        Duration recoveryFirstWait();

        /** ...and between later reads while the state is unchanged... */
        @WithDefault("PT60S")
        Duration recoveryNextWait();

        /** ...and how many unchanged reads fail the step. */
        @WithDefault("5")
        int recoveryReads();

        /** Render polling cadence (the protocol documents 10 s / 30 polls and 30 s / 10 polls). */
        @WithDefault("PT10S")
        Duration pollInterval();

        /** Polls before a render that has not finished is cancelled and the job fails "stalled". */
        @WithDefault("30")
        int maxPolls();
    }

    interface Render {
        /** Long side of the output in pixels when the instruction does not say (1080p → 1920). */
        @WithDefault("1920")
        int longSide();

        @WithDefault("30")
        int fps();

        @WithDefault("10")
        double durationSeconds();

        /** x264 constant rate factor: lower is better quality and larger files. */
        @WithDefault("18")
        int crf();

        /** x264 preset: speed versus compression. */
        @WithDefault("faster")
        String preset();

        /** x264 threads; 0 lets x264 choose from the core count. */
        @WithDefault("0")
        int encoderThreads();
    }

    interface Local {
        /** Start embedded SQS and S3 servers on loopback and use them (local mode). Env: I2V_LOCAL. */
        @WithDefault("false")
        boolean enabled();

        /** Visibility timeout of the local jobs queue (the heartbeat extends it while a job runs). */
        @WithDefault("PT15M")
        Duration jobsVisibility();

        /** Where local mode keeps its S3 data and durable queues (both survive restarts). */
        @WithDefault(".i2v")
        Path dir();

        /** Port of the local S3 on 127.0.0.1; 0 picks a free one. {@code ./i2v serve --s3-port}. */
        @WithDefault("9000")
        int s3Port();

        /** Port of the local SQS on 127.0.0.1; 0 picks a free one. {@code ./i2v serve --sqs-port}. */
        @WithDefault("9324")
        int sqsPort();

        /**
         * Keep queues and their messages (waiting, in flight, retries) on disk under {@code dir/sqs},
         * so a restart, even after kill -9, loses none. One durable stack per state directory.
         */
        @WithDefault("true")
        boolean durableQueues();

        /** The intake queue other services send submissions to; handled by the AWS SQS trigger's handler. */
        @WithDefault("i2v-intake")
        String intakeQueue();

        /** Where the local S3 notifies objects created under inbox/ (S3 → SQS), for the S3 trigger's handler. */
        @WithDefault("i2v-inbox-events")
        String inboxEventsQueue();

        /**
         * Run the S3-upload and intake-queue triggers (the Lambdas' handlers) in local mode. {@code ./i2v animate}
         * submits its one job through the HTTP API and turns them off: nothing to poll, nothing to wait for at exit.
         */
        @WithDefault("true")
        boolean triggers();
    }
}
