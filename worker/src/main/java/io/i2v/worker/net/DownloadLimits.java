package io.i2v.worker.net;

import java.time.Duration;

/**
 * Bounds of one streaming GET: the body's size cap, the time to open each connection, the deadline
 * for the whole download (redirects included), and how many redirects are followed.
 */
public record DownloadLimits(long maxBytes, Duration connectTimeout, Duration deadline, int maxRedirects) {}
