package io.i2v.worker.nemo;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The protocol's retry rules for NemoVideo, the one place they live: a rejected token
 * (1001/1010/1011) is renewed and the call made once more; HTTP 429 waits (30 s) and retries
 * once; a session lost (1002) before the message stream began gets a new session and upload,
 * once; a token request refused for its missing {@code X-Client-Id} is made once more with one.
 * Each rule applies at most once per call; every other refusal is final. {@link NemoClient}
 * asks it after every refused call, the message stream's refusals and the token request.
 */
final class NemoRetryPolicy {

    /** What to do before trying again. */
    enum Retry {
        RENEW_TOKEN(null),
        WAIT("NemoVideo is busy (rate limited); trying again shortly."),
        NEW_SESSION("NemoVideo lost the session; starting a new one and uploading again."),
        NEW_CLIENT_ID(null);

        private final String notice;

        Retry(String notice) {
            this.notice = notice;
        }

        /** What the job's messages say about it, or null when it is nothing a user needs to know. */
        String notice() {
            return notice;
        }
    }

    /** Which call is refused: the rules differ (only the stream can move to a new session). */
    enum Scope {
        CALL,
        STREAM,
        TOKEN
    }

    /** One call's retries so far. */
    record Tries(Scope scope, Set<Retry> used) {
        Tries {
            used = used.isEmpty() ? Set.of() : Set.copyOf(used);
        }

        static Tries of(Scope scope) {
            return new Tries(scope, Set.of());
        }

        Tries after(Retry retry) {
            EnumSet<Retry> more = EnumSet.of(retry);
            more.addAll(used);
            return new Tries(scope, more);
        }
    }

    private final Duration rateLimitWait;
    private final boolean tokenRenewable;

    /** {@code tokenRenewable}: false for a configured NEMO_TOKEN, which cannot be replaced. */
    NemoRetryPolicy(Duration rateLimitWait, boolean tokenRenewable) {
        this.rateLimitWait = rateLimitWait;
        this.tokenRenewable = tokenRenewable;
    }

    /** The retry {@code error} calls for that {@code tries} has not had yet; empty: the refusal is final. */
    Optional<Retry> next(NemoError error, Tries tries) {
        Retry rule = rule(error, tries.scope());
        return rule == null || tries.used().contains(rule) ? Optional.empty() : Optional.of(rule);
    }

    /** How long to wait before the retry. */
    Duration wait(Retry retry) {
        return retry == Retry.WAIT ? rateLimitWait : Duration.ZERO;
    }

    /** The client's part of a retry: forget the refused token, or wait. */
    Uni<Void> prepare(Retry retry, String auth, NemoTokens tokens) {
        if (retry == Retry.RENEW_TOKEN) {
            tokens.rejected(auth);
        }
        Duration wait = wait(retry);
        return wait.isZero()
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(wait);
    }

    private Retry rule(NemoError error, Scope scope) {
        if (scope == Scope.TOKEN) {
            // one anonymous token per client id per 7 days: a 429 here is final, not a wait
            return error instanceof NemoError.MissingClientId ? Retry.NEW_CLIENT_ID : null;
        }
        if (error instanceof NemoError.TokenRejected) {
            return tokenRenewable ? Retry.RENEW_TOKEN : null;
        }
        if (error instanceof NemoError.RateLimited) {
            return Retry.WAIT;
        }
        if (error instanceof NemoError.SessionNotFound && scope == Scope.STREAM) {
            return Retry.NEW_SESSION;
        }
        return null;
    }
}
