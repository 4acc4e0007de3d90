package io.i2v.core.storage;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;

/** The bucket layout. Everything a job owns sits under its id. */
public final class S3Keys {
    public static final String INBOX = "inbox/";
    public static final String UPLOADS = "uploads/";
    public static final String JOBS = "jobs/";
    public static final String RESULTS = "results/";
    /** Empty marker objects that make listing a caller's jobs, newest first, one ListObjectsV2 call. */
    public static final String INDEX = "index/";

    private S3Keys() {}

    public static String request(String jobId) {
        return JOBS + jobId + "/request.json";
    }

    public static String status(String jobId) {
        return JOBS + jobId + "/status.json";
    }

    public static String input(String jobId, int index, String extension) {
        return JOBS + jobId + "/input/" + index + "." + extension;
    }

    /** The delivery log of one webhook event of a job ({@code type} like "job.succeeded"). */
    public static String webhookDelivery(String jobId, String type) {
        return webhookPrefix(jobId) + type + ".json";
    }

    /** The outbox claim of one published event (with the event): it exists once a publisher took it on. */
    public static String event(String jobId, String eventId) {
        return eventPrefix(jobId) + safeName(eventId) + CLAIM;
    }

    /** The marker that a claimed event was handed to the queues. */
    public static String eventSent(String jobId, String eventId) {
        return eventPrefix(jobId) + safeName(eventId) + SENT;
    }

    /** Where a job's outbox claims and sent markers are. */
    public static String eventPrefix(String jobId) {
        return JOBS + jobId + "/events/";
    }

    /** The claim of the event whose sent marker is {@code sentKey}. */
    public static String claimOf(String sentKey) {
        return sentKey.substring(0, sentKey.length() - SENT.length()) + CLAIM;
    }

    public static final String CLAIM = ".json";
    public static final String SENT = ".sent";

    public static String webhookPrefix(String jobId) {
        return JOBS + jobId + "/webhooks/";
    }

    /** The local renderer's timeline draft of a job (what a follow-up edit starts from). */
    public static String timelineDraft(String jobId) {
        return JOBS + jobId + "/timeline.json";
    }

    /** A render kept between the encoder closing and the result being stored (a redelivery reuses it). */
    public static String staged(String jobId, String name) {
        return JOBS + jobId + "/staged/" + name;
    }

    public static String jobPrefix(String jobId) {
        return JOBS + jobId + "/";
    }

    /** Every job, newest first (what a caller sees with API keys off). */
    public static String allJobsIndex() {
        return INDEX + "all/";
    }

    /**
     * One owner's jobs, newest first; {@code null} (jobs without an owner) has its own prefix.
     * The owner is base64url-encoded so any owner name is one safe path segment.
     */
    public static String ownerIndex(String owner) {
        return INDEX + "owners/"
                + (owner == null
                        ? "~"
                        : Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(owner.getBytes(StandardCharsets.UTF_8)))
                + "/";
    }

    public static String video(String jobId) {
        return video(jobId, "mp4");
    }

    /** The video in another container ("mov", "webm", "gif"). */
    public static String video(String jobId, String extension) {
        return RESULTS + jobId + "/video." + extension;
    }

    public static String poster(String jobId) {
        return RESULTS + jobId + "/poster.jpg";
    }

    public static String manifest(String jobId) {
        return RESULTS + jobId + "/manifest.json";
    }

    public static String upload(UUID id, String filename) {
        return UPLOADS + id + "/" + safeName(filename);
    }

    /** Keys a caller may reference as an input: their uploads and the inbox. */
    public static boolean callerReadable(String key) {
        return key != null && !key.contains("..") && (key.startsWith(UPLOADS) || key.startsWith(INBOX));
    }

    static String safeName(String filename) {
        String name = filename == null || filename.isBlank() ? "image" : filename;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("[^A-Za-z0-9._-]", "_");
        if (name.length() > 100) {
            name = name.substring(name.length() - 100);
        }
        return name.isEmpty() || name.startsWith(".") ? "image" + name.toLowerCase(Locale.ROOT) : name;
    }
}
