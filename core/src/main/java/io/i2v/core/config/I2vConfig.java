package io.i2v.core.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings every deployable shares: where jobs live, which queues carry them, intake limits. */
@ConfigMapping(prefix = "i2v")
public interface I2vConfig {

    Storage storage();

    Queues queues();

    Aws aws();

    Intake intake();

    Webhooks webhooks();

    interface Webhooks {
        /**
         * Signing secret for webhook deliveries (Standard Webhooks, "whsec_" + base64). Without it
         * deliveries are not attempted and the job's delivery log says why. Env: I2V_WEBHOOKS_SECRET.
         */
        Optional<String> secret();

        /** Waits between delivery attempts; after the last one the delivery is given up (about a day in all). */
        @WithDefault("PT5S,PT5M,PT30M,PT2H,PT5H,PT10H,PT10H")
        List<Duration> retrySchedule();

        /** Connect and read timeout of one attempt. */
        @WithDefault("PT15S")
        Duration timeout();
    }

    Outbound outbound();

    /**
     * Where the service may connect for URLs that callers give it (image URLs, webhooks): one
     * policy for intake and worker ({@code io.i2v.core.net.OutboundPolicy}).
     */
    interface Outbound {
        /** URL schemes allowed; add http only for local development ("https,http"). */
        @WithDefault("https")
        List<String> schemes();

        /**
         * The one exemption from the rule that URLs must reach public addresses: address:port
         * pairs ("127.0.0.1:8089", "[::1]:8089"), or address:* for every port of an address. Only
         * for tests and local development; empty in production.
         */
        Optional<List<String>> exemptEndpoints();
    }

    Api api();

    interface Api {
        /**
         * Bearer API keys as owner=key pairs, comma-separated (env I2V_API_KEYS). Each caller sees
         * only its own jobs. None configured (local mode): no key needed, one shared owner.
         */
        Optional<List<String>> keys();
    }

    interface Storage {
        /** The bucket holding inputs, job records and results. */
        @WithDefault("i2v")
        String bucket();

        /** The bucket for results (videos, posters, manifests); the main bucket when not set. */
        Optional<String> resultsBucket();
    }

    interface Queues {
        /** Jobs queue (name or URL): intake sends, the worker consumes. */
        @WithDefault("i2v-jobs")
        String jobs();

        /** Events queue (name or URL): job.queued, job.succeeded, job.failed, … */
        @WithDefault("i2v-events.fifo")
        String events();

        /** Webhook deliveries waiting or retrying (name or URL). */
        @WithDefault("i2v-webhooks")
        String webhooks();
    }

    interface Aws {
        /** AWS region; defaults to AWS_REGION, which Lambda and ECS set. */
        @WithDefault("${AWS_REGION:us-east-1}")
        String region();

        /** S3 endpoint override (S3-compatible servers, local mode). */
        Optional<URI> s3Endpoint();

        /** SQS endpoint override (SQS-compatible servers, local mode). */
        Optional<URI> sqsEndpoint();

        /** Static credentials, only for S3/SQS-compatible servers; AWS uses its default chain. */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();
    }

    interface Intake {
        /** Largest image accepted, in bytes (200 MB). */
        @WithDefault("209715200")
        long maxFileBytes();

        /** Largest image sent inline (JSON base64 or multipart); larger ones go through POST /v1/uploads. */
        @WithDefault("4718592")
        long maxInlineBytes();

        /** Longest instruction accepted, in characters. */
        @WithDefault("2000")
        int maxPromptLength();

        /** Most images in one job. */
        @WithDefault("10")
        int maxImages();

        /** Instruction used when a job (for example an S3 upload without "prompt" metadata) has none. */
        @WithDefault("animate this image into a 10-second cinematic video with smooth motion")
        String defaultPrompt();

        /** How long presigned upload and download URLs stay valid. */
        @WithDefault("PT15M")
        Duration presignTtl();
    }
}
