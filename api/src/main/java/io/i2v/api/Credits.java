package io.i2v.api;

/**
 * Where {@code GET /v1/credits} gets its answer: the video backend's account. The worker supplies
 * one for the cloud backend; elsewhere the answer is a clear {@code not_supported} error.
 */
public interface Credits {
    Balance balance();

    /** The backend's credit balance: available to spend, frozen by running work, total. */
    record Balance(String backend, int available, int frozen, int total) {}
}
