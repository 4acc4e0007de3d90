package io.i2v.worker.nemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.worker.nemo.NemoRetryPolicy.Retry;
import io.i2v.worker.nemo.NemoRetryPolicy.Scope;
import io.i2v.worker.nemo.NemoRetryPolicy.Tries;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The protocol's retry rules, without a server: what each refusal calls for, and only once. */
class NemoRetryPolicyTest {
    private final NemoRetryPolicy anonymous = new NemoRetryPolicy(Duration.ofSeconds(30), true);
    private final NemoRetryPolicy fixedToken = new NemoRetryPolicy(Duration.ofSeconds(30), false);

    @Test
    void rejectedTokenIsRenewedOnceForEveryExpiryCode() {
        for (int code : new int[] {1001, 1010, 1011}) {
            NemoError expired = new NemoError.TokenRejected(code);
            for (Scope scope : new Scope[] {Scope.CALL, Scope.STREAM}) {
                Tries first = Tries.of(scope);
                assertEquals(Optional.of(Retry.RENEW_TOKEN), anonymous.next(expired, first));
                assertEquals(
                        Optional.empty(),
                        anonymous.next(expired, first.after(Retry.RENEW_TOKEN)),
                        "a second rejection after a fresh token is final");
            }
        }
    }

    @Test
    void configuredTokenIsNeverRenewed() {
        assertEquals(Optional.empty(), fixedToken.next(new NemoError.TokenRejected(1001), Tries.of(Scope.CALL)));
        assertEquals(Optional.empty(), fixedToken.next(new NemoError.TokenRejected(1001), Tries.of(Scope.STREAM)));
    }

    @Test
    void rateLimitWaitsThirtySecondsThenRetriesOnce() {
        Tries first = Tries.of(Scope.CALL);
        assertEquals(Optional.of(Retry.WAIT), anonymous.next(new NemoError.RateLimited(), first));
        assertEquals(Duration.ofSeconds(30), anonymous.wait(Retry.WAIT));
        assertEquals(Duration.ZERO, anonymous.wait(Retry.RENEW_TOKEN));
        assertEquals(Optional.empty(), anonymous.next(new NemoError.RateLimited(), first.after(Retry.WAIT)));
    }

    @Test
    void eachRuleIsSpentSeparatelySoATokenRenewalStillAllowsTheRateLimitWait() {
        Tries renewed = Tries.of(Scope.CALL).after(Retry.RENEW_TOKEN);
        assertEquals(Optional.of(Retry.WAIT), anonymous.next(new NemoError.RateLimited(), renewed));
        Tries both = renewed.after(Retry.WAIT);
        assertEquals(Optional.empty(), anonymous.next(new NemoError.RateLimited(), both));
        assertEquals(Optional.empty(), anonymous.next(new NemoError.TokenRejected(1001), both));
    }

    @Test
    void lostSessionGetsANewSessionOnlyForTheStreamAndOnlyOnce() {
        NemoError lost = new NemoError.SessionNotFound();
        assertEquals(
                Optional.empty(),
                anonymous.next(lost, Tries.of(Scope.CALL)),
                "an ordinary call cannot move the job to a new session");
        assertEquals(Optional.of(Retry.NEW_SESSION), anonymous.next(lost, Tries.of(Scope.STREAM)));
        assertEquals(
                Optional.empty(), anonymous.next(lost, Tries.of(Scope.STREAM).after(Retry.NEW_SESSION)));
        assertTrue(Retry.NEW_SESSION.notice().contains("uploading again"));
    }

    @Test
    void missingClientIdIsSetOnceAndOnlyOnTheTokenRequest() {
        NemoError missing = new NemoError.MissingClientId();
        assertEquals(Optional.of(Retry.NEW_CLIENT_ID), anonymous.next(missing, Tries.of(Scope.TOKEN)));
        assertEquals(
                Optional.empty(), anonymous.next(missing, Tries.of(Scope.TOKEN).after(Retry.NEW_CLIENT_ID)));
        assertEquals(
                Optional.empty(),
                anonymous.next(missing, Tries.of(Scope.CALL)),
                "an HTTP 400 elsewhere is not about the client id");
        assertEquals(
                Optional.empty(),
                anonymous.next(new NemoError.RateLimited(), Tries.of(Scope.TOKEN)),
                "one anonymous token per client id per 7 days: a 429 there is final");
    }

    @Test
    void everyOtherRefusalIsFinal() {
        NemoError[] finals = {
            new NemoError.NoCredits(),
            new NemoError.UnsupportedFile("x"),
            new NemoError.FileTooLarge("x"),
            new NemoError.PlanRequired(),
            new NemoError.RenderRejected(409, "dup"),
            new NemoError.Unexpected(503, 0, "down")
        };
        for (NemoError e : finals) {
            for (Scope scope : Scope.values()) {
                assertEquals(Optional.empty(), anonymous.next(e, Tries.of(scope)), e + " in " + scope);
            }
        }
    }
}
