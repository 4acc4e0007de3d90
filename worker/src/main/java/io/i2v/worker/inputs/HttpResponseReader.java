package io.i2v.worker.inputs;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Reads an HTTP/1.1 response head (bounded) and gives its body: by length, chunked, or to close. */
final class HttpResponseReader {
    private static final int MAX_HEAD = 64 * 1024;

    private final InputStream in;
    private final int status;
    private final Map<String, String> headers = new HashMap<>();

    HttpResponseReader(InputStream raw) throws IOException {
        this.in = new BufferedInputStream(raw);
        String statusLine = line();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw bad("not an HTTP/1.x response");
        }
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw bad("bad status line");
        }
        int read = statusLine.length();
        while (true) {
            String h = line();
            read += h.length() + 2;
            if (read > MAX_HEAD) {
                throw bad("response headers too large");
            }
            if (h.isEmpty()) {
                break;
            }
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.put(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
            }
        }
    }

    int status() {
        return status;
    }

    String header(String name) {
        return headers.get(name);
    }

    /** -1 when not declared. */
    long contentLength() {
        String v = headers.get("content-length");
        if (v == null || isChunked()) {
            return -1;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw bad("bad Content-Length");
        }
    }

    InputStream body() {
        if (isChunked()) {
            return new Chunked();
        }
        long length = contentLength();
        return length < 0 ? in : new Bounded(length);
    }

    private boolean isChunked() {
        return headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked");
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                break;
            }
            if (b.size() > MAX_HEAD) {
                throw bad("response line too long");
            }
            b.write(c);
        }
        if (c < 0 && b.size() == 0) {
            throw bad("connection closed before a response");
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static I2vException bad(String why) {
        return new I2vException(ErrorCode.URL_FETCH_FAILED, "image url gave a malformed response: " + why);
    }

    /** A body stream: read(byte[], int, int) is the whole of it. */
    private abstract static class Body extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }

    private final class Bounded extends Body {
        private long left;

        Bounded(long length) {
            this.left = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    private final class Chunked extends Body {
        private long left;
        private boolean done;

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = line();
                int semi = size.indexOf(';');
                try {
                    left = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).strip(), 16);
                } catch (NumberFormatException e) {
                    throw bad("bad chunk size");
                }
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw bad("chunked body ended early");
            }
            left -= n;
            if (left == 0) {
                line(); // CRLF after the chunk
            }
            return n;
        }
    }
}
