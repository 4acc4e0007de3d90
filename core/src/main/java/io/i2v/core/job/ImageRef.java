package io.i2v.core.job;

/**
 * One input image as the worker receives it: an object in our bucket ({@code key}) or an
 * https URL the worker fetches. {@code format} is what the bytes were sniffed as, when known.
 */
public record ImageRef(String key, String url, String name, String format, Long size) {
    public static ImageRef stored(String key, String name, String format, long size) {
        return new ImageRef(key, null, name, format, size);
    }

    public static ImageRef remote(String url, String name) {
        return new ImageRef(null, url, name, null, null);
    }
}
