package io.i2v.core.storage;

import java.util.Map;

/** What a HEAD of an object tells. {@code version} is the version id, else the ETag. */
public record ObjectInfo(String key, long size, String contentType, Map<String, String> metadata, String version) {}
