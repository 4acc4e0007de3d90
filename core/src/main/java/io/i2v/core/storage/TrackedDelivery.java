package io.i2v.core.storage;

import io.i2v.core.webhook.WebhookDelivery;

/** A webhook delivery log as read, with the ETag a conditional write of it names. */
public record TrackedDelivery(WebhookDelivery delivery, String etag) {}
