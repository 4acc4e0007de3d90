package io.i2v.worker.nemo;

import static io.i2v.nemo.contract.NemoApi.SKILL_PLATFORM;
import static io.i2v.nemo.contract.NemoApi.SKILL_SOURCE;
import static io.i2v.nemo.contract.NemoApi.SKILL_VERSION;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;

/** The vendor's attribution headers, on every call (exports fail with HTTP 402 without them). */
final class AttributionHeaders implements ClientRequestFilter {
    static final String SOURCE = "ai-image-to-video-deep";

    private final String version;
    private final String platform;

    AttributionHeaders(String version, String platform) {
        this.version = version;
        this.platform = platform;
    }

    @Override
    public void filter(ClientRequestContext request) {
        request.getHeaders().putSingle(SKILL_SOURCE, SOURCE);
        request.getHeaders().putSingle(SKILL_VERSION, version);
        request.getHeaders().putSingle(SKILL_PLATFORM, platform);
    }
}
