package io.i2v.core.aws;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Sends a conditional PUT ({@code If-Match} / {@code If-None-Match}) without {@code Expect:
 * 100-continue}. Those PUTs carry a small JSON document, so waiting for "100 Continue" saves
 * nothing, and when the precondition fails the server answers 412 instead of 100: the JDK's
 * connection (the url-connection transport) then waits for a second answer that never comes and
 * the call stalls for the whole read timeout (30 s; seen against the embedded S3 on about one
 * stale write in twenty). The S3 client adds the header itself; client interceptors run after it.
 */
public final class ConditionalPutsWithoutContinue implements ExecutionInterceptor {
    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        SdkHttpRequest request = context.httpRequest();
        boolean conditional = request.firstMatchingHeader("If-Match").isPresent()
                || request.firstMatchingHeader("If-None-Match").isPresent();
        return conditional && request.firstMatchingHeader("Expect").isPresent()
                ? request.toBuilder().removeHeader("Expect").build()
                : request;
    }
}
