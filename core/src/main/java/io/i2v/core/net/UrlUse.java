package io.i2v.core.net;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a caller's URL is for. The rules are the same for every use; the words of a refusal are
 * the use's own, and stay as callers have seen them (the API's {@code url_not_allowed} messages).
 */
public enum UrlUse {
    /** An image the worker downloads ({@code images[].url}). */
    IMAGE("image url", Integer.MAX_VALUE),
    /** Where a job's lifecycle events are POSTed ({@code webhookUrl}). */
    WEBHOOK("webhookUrl", 2048);

    private final String label;
    private final int maxLength;

    UrlUse(String label, int maxLength) {
        this.label = label;
        this.maxLength = maxLength;
    }

    /** How messages name the URL: "image url", "webhookUrl". */
    public String label() {
        return label;
    }

    int maxLength() {
        return maxLength;
    }

    String plural() {
        return this == IMAGE ? "image urls" : label;
    }

    String schemeRefused(String url, String scheme, List<String> allowed) {
        if (this == IMAGE) {
            return "image urls must use " + String.join(" or ", allowed) + "; got \""
                    + (scheme.isEmpty() ? url : scheme + "://") + "\"";
        }
        return label + " must be " + allowed.stream().map(s -> s + "://…").collect(Collectors.joining(" or "))
                + "; got scheme \"" + scheme + "\"";
    }

    /** The refusal of a URL whose host is, or resolves to, a non-public address of this kind. */
    public String addressRefused(String kind) {
        if (this == IMAGE) {
            return "image url points to a non-public address (" + kind + ")";
        }
        return label + " points to " + AddressRanges.described(kind) + "; only public addresses are allowed";
    }

    String invalidAddress(String host) {
        return this == IMAGE
                ? "image url host \"" + host + "\" is not a valid address"
                : label + " host is not a valid address";
    }
}
